package io.lastlight.core;

/**
 * A mistake in the command line itself: a required flag is missing, or a flag, argument or query parameter has a
 * value outside what it accepts. The CLI prints the message with a pointer to {@code --help} and exits 2 (bad
 * usage), as picocli does for the mistakes it catches while parsing; code that has no picocli {@code CommandLine}
 * at hand (settings, the query catalogue) throws this so the exit code still tells a script it was called wrongly
 * rather than that the work failed. It is a {@link UserException}, so callers that catch those still catch it.
 */
public class UsageException extends UserException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
