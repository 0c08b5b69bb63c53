package io.cmautopilot.core.http;

/**
 * An error answer at the HTTP edge, in the contract's shape {@code {error, message, field}}. Thrown by validation
 * and mapped by {@link Router}; never carries a stack trace or a secret to the client.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiError(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiError badRequest(String message, String field) {
        return new ApiError(400, "bad_request", message, field);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message, null);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message, null);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message, null);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "conflict", message, null);
    }

    public static ApiError tooLarge(String message) {
        return new ApiError(413, "payload_too_large", message, null);
    }

    public static ApiError unsupportedMediaType(String message) {
        return new ApiError(415, "unsupported_media_type", message, null);
    }

    public static ApiError invalid(String message, String field) {
        return new ApiError(422, "validation_failed", message, field);
    }

    public static ApiError tooManyRequests(String message) {
        return new ApiError(429, "too_many_requests", message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
