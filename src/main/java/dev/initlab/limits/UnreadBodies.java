package dev.initlab.limits;

import java.io.IOException;
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

/**
 * A refused request's body is not read by anyone: not by InitLab, which answered without it, and not by
 * Tomcat, which would otherwise read and discard it to keep the connection for a next request, a thread
 * held for as long as the sender takes (a stranger's 401 too). The connection is closed after the answer instead.
 */
@Configuration(proxyBeanMethods = false)
class UnreadBodies {

    /** On the engine, outside the host's error pages: closing marks the exchange an error, which must not draw one. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> closeAfterRefusedBodies() {
        return factory -> factory.addEngineValves(new CloseAfterRefusal());
    }

    static final class CloseAfterRefusal extends ValveBase {

        CloseAfterRefusal() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
            if (response.getStatus() >= 400 && hasBody(request) && !bodyFullyRead(request)) {
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
