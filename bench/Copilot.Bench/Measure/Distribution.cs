namespace Copilot.Bench.Measure;

/// <summary>Percentiles (nearest rank) of a sample of milliseconds.</summary>
public sealed class Distribution
{
    private readonly double[] _sorted;

    public Distribution(IEnumerable<double> values)
    {
        _sorted = [.. values];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double? Mean => Count == 0 ? null : _sorted.Average();

    public double? Max => Count == 0 ? null : _sorted[^1];

    public double? Percentile(double percent) =>
        Count == 0 ? null : _sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * Count) - 1, 0, Count - 1)];
}
