using EnsDsl.Cli;
using Spectre.Console;
using System.Text;
using EnsDsl.Cli.Commands;
using EnsDsl.Cli.Commands.Store;
using EnsDsl.Cli.Output;
using EnsDsl.Host.Scripting;
using EnsDsl.Runtime.Runs;
using EnsDsl.Runtime.Slurm;
using Spectre.Console.Cli;

Console.OutputEncoding = Encoding.UTF8;
Timing.Mark("main");
EnsDsl.Runtime.Torch.HostAllocator.Configure();     // before libtorch allocates (see HostAllocator)

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("ensdsl");
    config.UseStrictParsing();
    config.SetApplicationVersion(typeof(EnsDsl.Prelude).Assembly.GetName().Version?.ToString(3) ?? "dev");
    config.AddCommand<InitCommand>("init")
        .WithDescription("Create an experiments folder: an example script to run and edit, editor settings for completion and docs, a .gitignore.")
        .WithExample("init", "my-experiments");
    config.AddCommand<RunCommand>("run")
        .WithDescription("Plan an experiment script and run it.")
        .WithExample("run", "experiments/quickstart.csx")
        .WithExample("run", "experiments/starsse_sweep.csx", "--executor", "slurm", "--partition", "gpu", "--gpus-per-job", "1", "--time", "08:00:00");
    config.AddCommand<PlanCommand>("plan")
        .WithDescription("Show the plan of a script: its steps as a tree, the epochs it costs, validation errors.")
        .WithExample("plan", "experiments/starsse_sweep.csx")
        .WithExample("plan", "experiments/starsse.csx", "--set", "cycleLr=[0.025,0.05,0.1]", "--json");
    config.AddCommand<CheckCommand>("check")
        .WithDescription("Compile a script and validate its plan: exit 0 when both succeed, 2 with one diagnostic per line otherwise.")
        .WithExample("check", "experiments/sse.csx");
    config.AddCommand<EvalCommand>("eval")
        .WithDescription("Score a checkpoint, or a run's ensemble, soup or model by name, on a dataset's test split: accuracy, NLL, ECE, Brier, calibrated NLL.")
        .WithExample("eval", "--checkpoint", ".ensdsl/nodes/0123456789abcdef/weights.tensors", "--arch", "cifar-resnet8x16", "--data", "embedded:target")
        .WithExample("eval", "--run", "runs/starsse/20261130-101500", "--output", "StarSSE", "--data", "cifar100c:datasets/cifar100c?corruption=gaussian_noise&severity=5");
    config.AddCommand<InspectCommand>("inspect")
        .WithDescription("Show a checkpoint's format, keys and shapes, and the architecture and class count they imply; or a dataset's splits, classes, image sizes and preprocessing as a training step reads them.")
        .WithExample("inspect", "checkpoints/byol-1000ep-1.pt")
        .WithExample("inspect", "fashion-mnist:/usr/share/datasets/fashion-mnist?classes=5..9&per_class=40");
    config.AddCommand<CompareCommand>("compare")
        .WithDescription("The reported items of two or more runs side by side, with differences to the first (paired intervals over repetitions).")
        .WithExample("compare", "runs/starsse/20261130-101500", "runs/starsse/20261130-121500")
        .WithExample("compare", "runs/sse/20261130-101500", "runs/starsse/20261130-121500", "--html", "sse-vs-starsse.html");
    config.AddCommand<ReportCommand>("report")
        .WithDescription("Write a run's report.html again from its folder (results.json and charts) and print its path; --open shows it.")
        .WithExample("report", "runs/starsse/20261130-101500", "--open");
    config.AddCommand<ExportCommand>("export")
        .WithDescription("Write a stored model's weights in PyTorch's format (torch.save of its state dict).")
        .WithExample("export", "0123abcd", "--to", "starsse-soup.pt");
    config.AddCommand<StatusCommand>("status")
        .WithDescription("Show every node of a run submitted to Slurm: pending, running, done, failed or cancelled, its job, epoch and reason.")
        .WithExample("status", "runs/starsse/20261130-101500");
    config.AddCommand<CollectCommand>("collect")
        .WithDescription("Wait for the jobs of a run submitted to Slurm and write its results (after --detach, or when the waiting process died).")
        .WithExample("collect", "runs/starsse/20261130-101500");
    config.AddCommand<CancelCommand>("cancel")
        .WithDescription("Cancel the jobs of a run submitted to Slurm; finished nodes stay in the store.")
        .WithExample("cancel", "runs/starsse/20261130-101500");
    config.AddBranch("store", store =>
    {
        store.SetDescription("The store of finished nodes: sizes, entries, and cleaning.");
        store.AddCommand<StoreDuCommand>("du")
            .WithDescription("Size of the store by file kind, node kind, and per given script or run folder.")
            .WithExample("store", "du", "experiments/quickstart.csx");
        store.AddCommand<StoreLsCommand>("ls")
            .WithDescription("Every entry: id, kind, state, label, size, when written, and which given scripts reach it.")
            .WithExample("store", "ls");
        store.AddCommand<StoreShowCommand>("show")
            .WithDescription("One entry: what node it is, its files and sizes, metrics, and which given scripts reach it.")
            .WithExample("store", "show", "0123abcd");
        store.AddCommand<StoreGcCommand>("gc")
            .WithDescription("Remove every entry that no given script or run folder reaches (lists them; removes only with --yes).")
            .WithExample("store", "gc", "experiments/quickstart.csx", "experiments/starsse_sweep.csx", "--yes");
        store.AddCommand<StorePruneCommand>("prune")
            .WithDescription("Drop the optimizer state of finished training steps that no unfinished step of the given scripts continues (removes only with --yes).")
            .WithExample("store", "prune", "--optimizer-state", "--yes");
    });
    config.AddBranch("mlflow", mlflow =>
    {
        mlflow.SetDescription("MLflow tracking: upload locally recorded runs to a tracking server.");
        mlflow.AddCommand<MlflowSyncCommand>("sync")
            .WithDescription("Upload the ended runs of ./mlruns to an MLflow server, idempotently (each run once; an interrupted upload resumes).")
            .WithExample("mlflow", "sync", "--to", "http://localhost:5000");
    });
    config.SetExceptionHandler((exception, _) =>
    {
        // Command-line mistakes (unknown option, missing argument) are the user's: exit 2, no stack trace.
        if (exception is CommandAppException)
        {
            Terminal.Error.WriteLine($"error: {exception.Message}");
            Terminal.Error.WriteLine("Run 'ensdsl --help' for usage.");
            return ExitCodes.UserError;
        }
        // What a run cannot start with (store, device, tracking, Slurm settings, a run folder) is the user's to mend; a
        // Slurm command that fails is the cluster's. Each is said in its own words, with its code, without a stack trace.
        switch (exception)
        {
            case RunSetupException e:
                Terminal.Report([new Problem(e.Code, e.Message)]);
                return ExitCodes.UserError;
            case SlurmSettingsException e:
                Terminal.Report([new Problem(EnsDsl.DiagnosticCodes.SlurmSettings, e.Message)]);
                return ExitCodes.UserError;
            case SlurmRunException or SlurmException:
                Terminal.Error.WriteLine($"error: {exception.Message}");
                return exception is SlurmRunException ? ExitCodes.UserError : ExitCodes.Failure;
        }
        Terminal.InternalError(exception);
        return ExitCodes.Failure;
    });
});
if (SplitArguments.Problem(args) is { } split)
{
    Terminal.Error.WriteLine($"error: {split}");
    return ExitCodes.UserError;
}
var exit = app.Run(args);
Timing.Mark("done");
return exit;
