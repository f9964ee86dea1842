namespace Copilot.Contracts;

/// <summary>
/// Request (usage → billing): take <paramref name="AmountCents"/> from the user's credit balance. Idempotent per
/// <paramref name="IdempotencyKey"/>. Answered with <see cref="CreditsSpent"/> or <see cref="InsufficientCredits"/>.
/// </summary>
public sealed record SpendCredits(string UserId, long AmountCents, string IdempotencyKey, string Reason);

public sealed record CreditsSpent(string UserId, long BalanceCents);

public sealed record InsufficientCredits(string UserId, long BalanceCents);

/// <summary>Request (usage → billing): give credits back (e.g. a paid reset that failed). Answered with <see cref="CreditsRefunded"/>.</summary>
public sealed record RefundCredits(string UserId, long AmountCents, string IdempotencyKey, string Reason);

public sealed record CreditsRefunded(string UserId, long BalanceCents);
