package com.visitrank.io;

/** An input that is missing, unreadable or not of the expected shape. */
public final class InputError extends RuntimeException {

  public InputError(String message) {
    super(message);
  }

  public InputError(String message, Throwable cause) {
    super(message, cause);
  }
}
