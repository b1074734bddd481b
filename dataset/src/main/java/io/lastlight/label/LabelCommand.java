package io.lastlight.label;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lastlight label}: human annotation of samples and honest prevalence. */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = {"Measure the violent-content classifier against human judgement and correct prevalence for its errors:",
                "'label sample' writes a stratified sample to annotate, 'label import' records the annotations, " +
                "'label report' prints the raw and adjusted prevalence with intervals (see docs/classifier.md, Honest prevalence)."},
        subcommands = {LabelSampleCommand.class, LabelImportCommand.class, LabelReportCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  runtime failure (the message says what went wrong and what to do)",
                "  2  bad usage (unknown option, missing or invalid value, no subcommand)"})
public final class LabelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: sample, import or report (see lastlight label --help)");
    }
}
