using Npgsql;

namespace Copilot.Chat.Data;

/// <summary>Database failures that trying again cannot fix, told apart from outages that it can.</summary>
public static class PermanentDataFailures
{
    /// <summary>
    /// PostgreSQL's data exceptions (class 22: text it cannot hold, numbers out of range) and integrity violations
    /// (class 23: a row whose session is gone) refuse the same row every time.
    /// </summary>
    public static bool IsPermanent(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: var state } && (state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A row refused because its session was deleted meanwhile: the session is a chat row's only foreign key.</summary>
    public static bool IsSessionGone(Exception exception) =>
        exception.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };
}
