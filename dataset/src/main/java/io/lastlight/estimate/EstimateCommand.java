package io.lastlight.estimate;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lastlight estimate}: estimates with confidence intervals from a dataset's evidence. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = {"Estimate what the capture cannot count directly, with 95%% intervals and the evidence behind them.",
                "Subcommands: users."},
        subcommands = {EstimateUsersCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  runtime failure", "  2  bad usage (e.g. no subcommand)"})
public final class EstimateCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: users (see lastlight estimate --help)");
    }
}
