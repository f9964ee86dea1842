namespace Copilot.Executor.Turns;

/// <summary>Another worker holds the session's lock; the turn request is retried after a delay.</summary>
public sealed class SessionBusyException(Guid sessionId) : Exception($"Session {sessionId} is locked by another worker.");
