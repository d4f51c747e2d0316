package dev.initlab.limits;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a request body within {@code initlab.limits.max-request-body}: 413 problem+json. Whatever reads the
 * body reads it through a count that refuses it once it says, or turns out, to be longer. The API's
 * callers sign in before anything reads their body, so an API request is never read or judged here: its
 * body is counted as a controller reads it, after sign-in. A page's form is checked here, before Spring
 * Security looks for its CSRF token in it: a declared Content-Length at once, a chunked form by letting
 * Tomcat parse it, whose form limit is the same (application.properties), Tomcat's refusal answered like ours.
 */
@Component
// after the host check and the character-encoding filter: a form parsed here keeps the encoding it set
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final int maxBytes;
    private final JacksonJsonHttpMessageConverter problemWriter = new JacksonJsonHttpMessageConverter();

    RequestBodyLimitFilter(LimitsProperties limits) {
        this.maxBytes = (int) limits.maxRequestBody().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isApi(request)) {
            long declared = request.getContentLengthLong();
            if (declared > maxBytes) {
                refuse(request, response, declared);
                return;
            }
            if (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null && tomcatParsesForm(request)
                    && !formFits(request)) {
                refuse(request, response, null);
                return;
            }
        }
        chain.doFilter(new CountedBody(request, maxBytes), response);
    }

    private static boolean isApi(HttpServletRequest request) {
        String path = request.getServletPath();
        return path.equals("/api") || path.startsWith("/api/");
    }

    private static boolean tomcatParsesForm(HttpServletRequest request) {
        String contentType = request.getContentType();
        return HttpMethod.POST.matches(request.getMethod()) && contentType != null
                && contentType.toLowerCase().startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
    }

    private static boolean formFits(HttpServletRequest request) {
        try {
            request.getParameterMap();
            return true;
        } catch (InvalidParameterException e) {
            if (e.getErrorCode() != HttpStatus.CONTENT_TOO_LARGE.value()) {
                throw e;
            }
            return false;
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, Long length) throws IOException {
        LimitExceededException refused = LimitExceededException.bodyTooLarge(maxBytes, length);
        refused.getBody().setInstance(URI.create(request.getRequestURI()));
        response.setStatus(refused.getStatusCode().value());
        problemWriter.write(refused.getBody(), MediaType.APPLICATION_PROBLEM_JSON, new ServletServerHttpResponse(response));
    }

    /**
     * The request, its body read through a count: a read throws {@link LimitExceededException} (413, answered by
     * whoever handles the reader's errors) before a declared length over the limit is read, and once more bytes
     * than the limit have come.
     */
    private static final class CountedBody extends HttpServletRequestWrapper {

        private final int maxBytes;
        private ServletInputStream counted;

        CountedBody(HttpServletRequest request, int maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new CountedStream(super.getInputStream(), maxBytes, getContentLengthLong());
            }
            return counted;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            Charset charset = getCharacterEncoding() != null ? Charset.forName(getCharacterEncoding())
                    : StandardCharsets.ISO_8859_1;
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountedStream extends ServletInputStream {

        private final ServletInputStream body;
        private final int maxBytes;
        private final long declared;
        private long read;

        CountedStream(ServletInputStream body, int maxBytes, long declared) {
            this.body = body;
            this.maxBytes = maxBytes;
            this.declared = declared;
        }

        @Override
        public int read() throws IOException {
            checkDeclared();
            int next = body.read();
            if (next >= 0) {
                counted(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            checkDeclared();
            int count = body.read(buffer, offset, length);
            if (count > 0) {
                counted(count);
            }
            return count;
        }

        private void checkDeclared() {
            if (declared > maxBytes) {
                throw LimitExceededException.bodyTooLarge(maxBytes, declared);
            }
        }

        private void counted(int count) {
            read += count;
            if (read > maxBytes) {
                throw LimitExceededException.bodyTooLarge(maxBytes, null);
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}
