using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Slurm;
using EnsDsl.Runtime.Training;

namespace EnsDsl.Runtime.Tests.Slurm;

public class JobEventsTests
{
    static readonly DateTimeOffset At = new(2026, 11, 30, 10, 15, 0, TimeSpan.FromHours(1));

    public static TheoryData<JobEvent> Events => new()
    {
        new NodeStartedEvent(At, "abc"),
        new EpochEndedEvent(At, "abc", new EpochReport(3, 25, 1.25, 0.5, 12.5, 410.0)),
        new EpochEndedEvent(At, "abc", new EpochReport(3, 25, 1.25, 0.5, 12.5, 410.0) { Test = (0.61, 1.4) }),
        new NodeEndedEvent(At, "abc", NodeStatus.Failed, "the training loss became NaN in epoch 2", false),
        new NodeEndedEvent(At, "abc", NodeStatus.Done, null, false),
        new NoteEvent(At, "abc", "resuming after epoch 4 of 25"),
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void An_event_is_one_line_of_JSON_and_reads_back_equal(JobEvent e)
    {
        var line = e.ToLine();
        Assert.DoesNotContain('\n', line);
        Assert.Equal(e, JobEvent.FromLine(line));
    }

    [Fact]
    public void A_reader_takes_only_whole_lines_and_each_once()
    {
        var path = Path.GetTempFileName();
        try
        {
            var reader = new JobEventReader(path);
            var first = new NodeStartedEvent(At, "a").ToLine();
            var second = new NoteEvent(At, "a", "x").ToLine();
            File.WriteAllText(path, first + "\n" + second[..10]);          // the second line is still being written
            Assert.Equal([new NodeStartedEvent(At, "a")], reader.ReadNew());
            Assert.Empty(reader.ReadNew());
            File.AppendAllText(path, second[10..] + "\nnot json\n");
            Assert.Equal([new NoteEvent(At, "a", "x")], reader.ReadNew());  // and a line that is not an event is passed over
            Assert.Empty(new JobEventReader(path + ".missing").ReadNew());
        }
        finally { File.Delete(path); }
    }
}
