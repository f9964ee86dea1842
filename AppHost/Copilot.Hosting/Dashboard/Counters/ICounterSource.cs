namespace Copilot.Hosting.Dashboard.Counters;

/// <summary>
/// One group of live counters on the dashboard (<c>GET /api/counters</c>), read on demand from a live system —
/// Redis, a broker's management API, the services themselves. A source that cannot be reached throws; the dashboard
/// then shows it as unavailable with the reason and keeps showing every other source.
/// </summary>
public interface ICounterSource
{
    /// <summary>Key of the group in the JSON and its heading on the page, e.g. <c>turns</c>.</summary>
    string Name { get; }

    /// <summary>Any JSON-serializable value (a record, a dictionary); serialized by its runtime type.</summary>
    Task<object> ReadAsync(CancellationToken cancellationToken);
}
