using System.Text.Json;
using Copilot.Chat.Streaming;
using Copilot.Executor.Turns;

namespace Copilot.Executor.Titles;

/// <summary>A title being generated during a turn, announced on the turn's stream once, at the first step boundary after it is ready.</summary>
public sealed class PendingTitle(Task<string?> title)
{
    public const string DataName = "session-title";

    private bool _announced;

    /// <summary>Never waits: a title not ready by the turn's end reaches clients through the session list.</summary>
    public async Task AnnounceIfReadyAsync(UiStreamWriter writer)
    {
        if (_announced || !title.IsCompletedSuccessfully || title.Result is not { } text)
        {
            return;
        }

        _announced = true;
        // Transient: clients hear of the new name, but it is no part of the answer's message.
        await writer.PublishAsync(new DataChunk(DataName, JsonSerializer.SerializeToElement(new { title = text }), Transient: true));
    }
}
