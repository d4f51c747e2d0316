package dev.initlab.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers only requests addressed to one of InitLab's own names. Through DNS rebinding a website's own name comes
 * to point at 127.0.0.1, and the user's browser then sends that website's requests here with its name in
 * {@code Host}: refused with 400 before anything else runs. Where forwarded headers are honoured
 * ({@code server.forward-headers-strategy}), the forwarded host is checked too, so every redirect and link that
 * Spring builds from the request names an allowed host.
 */
@Component
// after Boot's forwarded-header filter (HIGHEST_PRECEDENCE, where configured), before everything else of ours
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class AllowedHostsFilter extends OncePerRequestFilter {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> allowed;
    private final JacksonJsonHttpMessageConverter problemWriter = new JacksonJsonHttpMessageConverter();

    AllowedHostsFilter(AllowedHostsProperties properties, Environment environment) {
        this.allowed = allowedHosts(properties, environment.getProperty("server.address"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getHeader(HttpHeaders.HOST);
        if ((host != null && !isAllowed(hostOf(host))) || !isAllowed(request.getServerName())) {
            refuse(request, response);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean isAllowed(String name) {
        String normalized = normalized(name);
        return normalized != null && allowed.contains(normalized);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "This server does not answer to the host this request names. Reach it by one of its own names, or add "
                + "the name to initlab.allowed-hosts.");
        problem.setTitle("Unknown host");
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        problemWriter.write(problem, MediaType.APPLICATION_PROBLEM_JSON, new ServletServerHttpResponse(response));
    }

    private static Set<String> allowedHosts(AllowedHostsProperties properties, String serverAddress) {
        Set<String> names = new HashSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
        names.addAll(properties.allowedHosts());
        InetAddress bound = serverAddress == null ? null : parse(serverAddress);
        if (bound == null && serverAddress != null) {
            names.add(serverAddress);
        } else if (bound != null && !bound.isAnyLocalAddress()) {
            names.add(literal(bound));
        }
        if (bound == null || !bound.isLoopbackAddress()) {
            names.addAll(machineNames());
        }
        Set<String> normalized = new HashSet<>();
        for (String name : names) {
            String one = normalized(name);
            if (one != null) {
                normalized.add(one);
            }
        }
        return Set.copyOf(normalized);
    }

    /** Reached from the network: by the machine's name, or by any of its addresses. */
    private static Set<String> machineNames() {
        Set<String> names = new HashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName());
            names.add(local.getCanonicalHostName());
        } catch (UnknownHostException e) {
            // a machine without a resolvable name is reached by its addresses
        }
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                Collections.list(network.getInetAddresses()).forEach(address -> names.add(literal(address)));
            }
        } catch (SocketException e) {
            // no interfaces listed: the loopback names remain
        }
        return names;
    }

    /** The host of a {@code Host} header: {@code [::1]:8080} is {@code [::1]}, {@code example.org:80} is {@code example.org}. */
    static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return end < 0 ? authority : authority.substring(0, end + 1);
        }
        int colon = authority.indexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    /** Lower case without a trailing dot; an IPv6 address in brackets, written one way; null where it is no host. */
    static String normalized(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            InetAddress address = parse(name.substring(1, name.length() - 1));
            return address == null ? null : literal(address);
        }
        if (name.contains(":")) {
            InetAddress address = parse(name);
            return address == null ? null : literal(address);
        }
        return name;
    }

    /** An address literal, never a name: parsing it looks nothing up. */
    private static InetAddress parse(String literal) {
        if (!IPV4.matcher(literal).matches() && !literal.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        if (scope >= 0) {
            text = text.substring(0, scope);
        }
        return text.contains(":") ? "[" + text + "]" : text;
    }
}
