package io.lastlight.core;

/**
 * A failure the user can act on: the message says what was wrong and what to do. The CLI prints it as
 * one line and exits 1, without a stack trace.
 */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
