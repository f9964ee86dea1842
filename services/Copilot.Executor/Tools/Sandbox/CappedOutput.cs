using System.Text;

namespace Copilot.Executor.Tools.Sandbox;

/// <summary>
/// Reads a stream to its end keeping only the first <c>limit</c> bytes: the rest is drained (so the writer never
/// blocks on a full pipe) and counted, and the text says how much was cut.
/// </summary>
internal sealed class CappedOutput(int limit)
{
    private readonly MemoryStream _kept = new();
    private long _total;

    public async Task DrainAsync(Stream stream)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            var keep = (int)Math.Min(read, limit - _kept.Length);
            if (keep > 0)
            {
                _kept.Write(buffer, 0, keep);
            }

            _total += read;
        }
    }

    public string Text()
    {
        var text = Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
        return _total > _kept.Length ? $"{text}\n[output truncated: {_total - _kept.Length} more bytes]" : text;
    }
}
