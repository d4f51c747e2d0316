package dev.initlab.limits;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
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
 * Refuses a request body over {@code initlab.limits.max-request-body} with 413 problem+json before Spring
 * Security or a controller reads it. A declared Content-Length is checked at once. A chunked body, whose length
 * nobody declared, is read here up to one byte past the limit and handed on as read, so that whatever reads it
 * later cannot see more; a chunked form is parsed here by Tomcat, whose form limit is the same
 * (application.properties), and Tomcat's refusal is answered like ours.
 */
@Component
// after the character-encoding filter (HIGHEST_PRECEDENCE): a form parsed here keeps the encoding it set
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final int maxBytes;
    private final JacksonJsonHttpMessageConverter problemWriter = new JacksonJsonHttpMessageConverter();

    RequestBodyLimitFilter(LimitsProperties limits) {
        this.maxBytes = (int) limits.maxRequestBody().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(request, response, declared);
            return;
        }
        HttpServletRequest checked = request;
        if (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            if (tomcatParsesForm(request)) {
                if (!formFits(request)) {
                    refuse(request, response, null);
                    return;
                }
            } else {
                byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
                if (body.length > maxBytes) {
                    refuse(request, response, null);
                    return;
                }
                checked = new ReadBody(request, body);
            }
        }
        chain.doFilter(checked, response);
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

    /** The request with the body this filter has already read. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body has been read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = getCharacterEncoding() != null ? Charset.forName(getCharacterEncoding())
                    : StandardCharsets.ISO_8859_1;
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
