using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;

namespace Copilot.Executor.Turns;

/// <summary>
/// Emits one turn's UI chunks in protocol order. It owns the block state so the ordering rules hold on every path:
/// a reasoning block closes before text or a tool call starts, every block gets a fresh id, and
/// <see cref="CloseBlocksAsync"/> (called from <c>finally</c>) closes whatever is open even when the model call throws.
/// </summary>
public sealed class UiStreamWriter(Func<UiChunk, Task<StreamEntryId?>> publish)
{
    private string? _openTextId;
    private string? _openReasoningId;
    private bool _stepOpen;

    /// <summary>Writes to the turn's Redis stream, fenced to the turn (see <see cref="TurnStore.PublishAsync"/>).</summary>
    public static UiStreamWriter ForTurn(TurnStore turns, Guid sessionId, Guid turnId) =>
        new(chunk => turns.PublishAsync(sessionId, turnId, chunk));

    public Task StartAsync(Guid messageId) => PublishAsync(new StartChunk(messageId.ToString()));

    public async Task StartStepAsync()
    {
        await PublishAsync(new StartStepChunk());
        _stepOpen = true;
    }

    public async Task FinishStepAsync()
    {
        await CloseBlocksAsync();
        if (_stepOpen)
        {
            _stepOpen = false;
            await PublishAsync(new FinishStepChunk());
        }
    }

    public async Task TextDeltaAsync(string text)
    {
        await CloseReasoningAsync();
        if (_openTextId is null)
        {
            // Open only once the start is written: a start lost to a Redis failure must not be "closed" later by an
            // end chunk the client cannot match to any block.
            var id = NewBlockId("text");
            await PublishAsync(new TextStartChunk(id));
            _openTextId = id;
        }

        await PublishAsync(new TextDeltaChunk(_openTextId, text));
    }

    /// <summary>Returns true when this delta opened a new reasoning block (the caller starts a new reasoning row).</summary>
    public async Task<bool> ReasoningDeltaAsync(string text)
    {
        var opened = false;
        if (_openReasoningId is null)
        {
            await CloseTextAsync();
            var id = NewBlockId("reasoning");
            await PublishAsync(new ReasoningStartChunk(id));
            _openReasoningId = id;
            opened = true;
        }

        await PublishAsync(new ReasoningDeltaChunk(_openReasoningId, text));
        return opened;
    }

    public bool IsReasoningOpen => _openReasoningId is not null;

    public async Task CloseBlocksAsync()
    {
        await CloseReasoningAsync();
        await CloseTextAsync();
    }

    public async Task CloseReasoningAsync()
    {
        if (_openReasoningId is { } id)
        {
            _openReasoningId = null;
            await PublishAsync(new ReasoningEndChunk(id));
        }
    }

    public async Task CloseTextAsync()
    {
        if (_openTextId is { } id)
        {
            _openTextId = null;
            await PublishAsync(new TextEndChunk(id));
        }
    }

    public async Task PublishAsync(UiChunk chunk)
    {
        if (await publish(chunk) is null)
        {
            throw new TurnFencedException();
        }
    }

    private static string NewBlockId(string kind) => $"{kind}-{Guid.NewGuid():N}";
}
