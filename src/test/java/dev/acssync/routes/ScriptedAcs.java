package dev.acssync.routes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stands in for the HTTP call to ACS in route tests: answers each call with the next scripted answer (status, body,
 * headers) or failure, and records what was sent. A call beyond the script fails the test loudly.
 */
final class ScriptedAcs implements Processor {
    record Call(String method, String uri, String body, Map<String, Object> headers, long atNanos) {
    }

    private record Answer(int status, String body, Map<String, String> headers, Exception failure) {
    }

    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Call> calls = new ArrayList<>();
    private Runnable atEachCall = () -> { };

    /** Runs at each call, before it is answered: what the service knows between two calls. */
    synchronized void atEachCall(Runnable look) {
        atEachCall = look;
    }

    /** The next call answers this status and body, with headers given as name, value pairs. */
    synchronized void answer(int status, String body, String... headers) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        script.add(new Answer(status, body, h, null));
    }

    /** The next call gets no answer: the HTTP client throws this. */
    synchronized void fail(Exception failure) {
        script.add(new Answer(0, null, Map.of(), failure));
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized long millisBetweenCalls(int first, int second) {
        return (calls.get(second).atNanos() - calls.get(first).atNanos()) / 1_000_000;
    }

    @Override
    public synchronized void process(Exchange exchange) throws Exception {
        atEachCall.run();
        calls.add(new Call(String.valueOf(exchange.getMessage().getHeader(Exchange.HTTP_METHOD)),
                exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class), exchange.getMessage().getBody(String.class),
                Map.copyOf(exchange.getMessage().getHeaders()), System.nanoTime()));
        Answer answer = script.poll();
        if (answer == null) {
            throw new AssertionError("ACS was called more often than scripted: " + calls.get(calls.size() - 1));
        }
        if (answer.failure() != null) {
            throw answer.failure();
        }
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        answer.headers().forEach(exchange.getMessage()::setHeader);
        exchange.getMessage().setBody(answer.body());
    }
}
