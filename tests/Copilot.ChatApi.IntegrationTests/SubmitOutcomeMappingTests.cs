using System.Diagnostics;
using Copilot.Chat.Turns;
using Copilot.ChatApi.Apis;
using Copilot.ChatApi.Models;
using Copilot.ChatApi.Sse;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

using Copilot.Usage.Client;

namespace Copilot.ChatApi.IntegrationTests;

/// <summary>How the stream route answers each submission outcome; pure, so no stack.</summary>
public sealed class SubmitOutcomeMappingTests
{
    private static readonly Guid Session = Guid.NewGuid();
    private static readonly Guid Turn = Guid.NewGuid();

    [Fact]
    public void A_started_turn_is_streamed_from_its_start()
    {
        StreamApi.ToResult(new SubmitOutcome.Started(Session, Turn)).Result
            .Should().BeOfType<UiMessageStreamResult>().Which.TurnId.Should().Be(Turn);
    }

    [Fact]
    public void A_retried_send_streams_the_turn_its_stored_copy_started()
    {
        StreamApi.ToResult(new SubmitOutcome.Attached(Session, Turn)).Result
            .Should().BeOfType<UiMessageStreamResult>().Which.TurnId.Should().Be(Turn);
    }

    [Fact]
    public void A_follow_up_is_accepted_with_the_buffer_length()
    {
        StreamApi.ToResult(new SubmitOutcome.Queued(Session, 3)).Result
            .Should().BeOfType<Accepted<QueueFollowUpResponse>>().Which.Value
            .Should().Be(new QueueFollowUpResponse(3, 10, TurnInFlight: true));
    }

    [Fact]
    public void A_refusal_by_usage_is_a_429_with_usages_text()
    {
        var problem = StreamApi.ToResult(new SubmitOutcome.Refused(Session, new TurnAdmission(false, "Daily limit reached. Resets at 00:00 UTC.", null))).Result
            .Should().BeOfType<ProblemHttpResult>().Subject;

        problem.StatusCode.Should().Be(StatusCodes.Status429TooManyRequests);
        problem.ProblemDetails.Detail.Should().Be("Daily limit reached. Resets at 00:00 UTC.");
    }

    [Fact]
    public void Too_many_queued_messages_is_a_429_saying_so()
    {
        var problem = StreamApi.ToResult(new SubmitOutcome.Throttled(Session)).Result.Should().BeOfType<ProblemHttpResult>().Subject;

        problem.StatusCode.Should().Be(StatusCodes.Status429TooManyRequests);
        problem.ProblemDetails.Detail.Should().Be("Too many queued message requests this minute: limit is 30 per 60s across all sessions");
    }

    [Fact]
    public void A_session_deleted_while_the_message_was_submitted_is_not_found()
    {
        var problem = StreamApi.ToResult(new SubmitOutcome.SessionGone(Session)).Result.Should().BeOfType<ProblemHttpResult>().Subject;

        problem.StatusCode.Should().Be(StatusCodes.Status404NotFound);
        problem.ProblemDetails.Detail.Should().Be($"Session {Session} not found or access denied");
    }

    [Fact]
    public void Nothing_to_run_is_no_answer_to_a_message()
    {
        var map = () => StreamApi.ToResult(new SubmitOutcome.NothingToRun(Session));

        map.Should().Throw<UnreachableException>();
    }
}
