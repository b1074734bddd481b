package io.lastlight.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lastlight} command: assembles every subcommand into the one runnable jar. */
@Command(name = "lastlight", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = "Archive a social platform before it goes dark and turn the capture into a research dataset.",
        subcommands = {io.lastlight.crawl.CrawlCommand.class, io.lastlight.build.BuildCommand.class,
                io.lastlight.query.QueryCommand.class, io.lastlight.evidence.EvidenceCommand.class, DemoCommand.class,
                io.lastlight.simulate.SimulateCommand.class, io.lastlight.classify.ClassifyCommand.class,
                io.lastlight.wacz.PackageCommand.class, io.lastlight.estimate.EstimateCommand.class,
                io.lastlight.report.ReportCommand.class,
                io.lastlight.label.LabelCommand.class, io.lastlight.importer.ImportCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  runtime failure (the message says what went wrong and what to do)",
                "  2  bad usage (unknown option, missing or invalid value)"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (used by tests without exiting the JVM). */
    public static int run(String... args) {
        return Cli.newCommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see lastlight --help)");
    }
}
