package dev.initlab.limits;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The body of a request refused for who sent it (401 no or wrong credentials, 403 not allowed or from another
 * website, 415 a body the API does not read, 429 too many wrong passwords) is not read by anyone: not by
 * InitLab, which answered without it, and not by Tomcat, which would otherwise read and discard it to keep the
 * connection for a next request, a thread held for as long as the sender takes. The connection is closed after
 * the answer instead. Other errors leave Tomcat as it is: their senders' bodies were mostly read already.
 */
@Configuration(proxyBeanMethods = false)
class UnreadBodies {

    /** On the engine, outside the host's error pages: closing marks the exchange an error, which must not draw one. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> closeAfterRefusedBodies() {
        return factory -> factory.addEngineValves(new CloseAfterRefusal());
    }

    static final class CloseAfterRefusal extends ValveBase {

        private static final Set<Integer> REFUSALS = Set.of(HttpStatus.UNAUTHORIZED.value(), HttpStatus.FORBIDDEN.value(),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE.value(), HttpStatus.TOO_MANY_REQUESTS.value());

        CloseAfterRefusal() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
            if (REFUSALS.contains(response.getStatus()) && hasBody(request) && !bodyFullyRead(request)) {
                if (!response.isCommitted()) {
                    response.setHeader(HttpHeaders.CONNECTION, "close");
                }
                request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
            }
        }

        private static boolean hasBody(Request request) {
            return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        }

        private static boolean bodyFullyRead(Request request) {
            AtomicBoolean fullyRead = new AtomicBoolean(true);
            request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
            return fullyRead.get();
        }
    }
}
