package io.lastlight.cli;

import io.lastlight.core.UsageException;
import io.lastlight.core.UserException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Builds the configured picocli {@link CommandLine}: exit codes 0/1/2 and one-line errors. The one place exceptions
 * become exit codes: picocli's {@code ParameterException} and {@link UsageException} are bad usage (2), any other
 * {@link UserException} or failure is a runtime failure (1).
 */
public final class Cli {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private Cli() {}

    public static CommandLine newCommandLine(Object root) {
        CommandLine cl = new CommandLine(root);
        cl.setExecutionExceptionHandler(Cli::onException);
        cl.setParameterExceptionHandler(Cli::onUsageError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    private static int onUsageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandName() + ": " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        return usageHint(cmd);
    }

    /** A {@link UsageException} from a command's own checks reads and exits like a picocli parse error. */
    private static int onUsageError(UsageException ex, CommandLine cmd) {
        cmd.getErr().println(cmd.getCommandName() + ": " + ex.getMessage());
        return usageHint(cmd);
    }

    private static int usageHint(CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return EXIT_USAGE;
    }

    private static int onException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        if (ex instanceof CommandLine.ParameterException) {
            return onUsageError((CommandLine.ParameterException) ex, new String[0]);
        }
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (t instanceof UsageException) return onUsageError((UsageException) t, cmd);
        if (t instanceof UserException) {
            err.println(name + ": error: " + t.getMessage());
        } else if (t instanceof NoSuchFileException) {
            err.println(name + ": error: no such file or directory: " + t.getMessage() + " (check the path)");
        } else if (t instanceof AccessDeniedException) {
            err.println(name + ": error: permission denied: " + t.getMessage() + " (choose a writable location or fix permissions)");
        } else {
            err.println(name + ": error: " + t + " (this looks like a bug; rerun with -Dlastlight.debug=true for the stack trace and report it)");
            if (Boolean.getBoolean("lastlight.debug")) t.printStackTrace(err);
        }
        err.flush();
        return EXIT_FAILURE;
    }
}
