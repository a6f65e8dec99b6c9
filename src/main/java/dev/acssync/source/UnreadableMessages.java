package dev.acssync.source;

import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.RoutingContext;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Messages on the input queue that cannot be read as text, each turned into one dead letter
 * {@code reason=UNREADABLE_MESSAGE} naming its type and size, so that the queue keeps flowing:
 * <ul>
 *   <li>a bytes, map, object or stream message, or one without a body: the jms-inbox route reads the message as it
 *       came and dead-letters it ({@link #describe});</li>
 *   <li>a text message whose text does not decode: it would fail inside the JMS client, before Camel sees it, and the
 *       client's rollback would not count the delivery, so it would come back for ever with every message behind it
 *       waiting. The embedded broker's plugin ({@link #brokerPlugin}) checks a text message as it arrives and routes
 *       such a one to the dead-letter queue instead. (An external broker has no such check: its dead-letter address
 *       and redelivery limit apply to what it can count, docs/sources.md.)</li>
 * </ul>
 */
@Component("unreadableMessages")
public class UnreadableMessages {
    private static final Logger LOG = LoggerFactory.getLogger(UnreadableMessages.class);
    static final String REASON = "UNREADABLE_MESSAGE";

    /**
     * The message did not come as text (the only kind the route reads). Asked of the JMS message itself,
     * so that the body of another kind is never extracted (an object message is never deserialized).
     */
    public boolean isNotText(org.apache.camel.Exchange exchange) {
        jakarta.jms.Message message = jms(exchange);
        // Camel keeps no JMS message for one without a body (and nothing to read either)
        return message == null ? exchange.getMessage().getBody() == null : !(message instanceof jakarta.jms.TextMessage);
    }

    /** What a message the route cannot read as text is (its type and size), for its dead letter. */
    public String describe(org.apache.camel.Exchange exchange) {
        return describe(jms(exchange));
    }

    private static jakarta.jms.Message jms(org.apache.camel.Exchange exchange) {
        return exchange.getMessage() instanceof org.apache.camel.component.jms.JmsMessage m ? m.getJmsMessage() : null;
    }

    String describe(jakarta.jms.Message message) {
        String type = message == null ? "Message without a body" : message instanceof jakarta.jms.BytesMessage ? "BytesMessage"
                : message instanceof jakarta.jms.MapMessage ? "MapMessage" : message instanceof jakarta.jms.ObjectMessage ? "ObjectMessage"
                : message instanceof jakarta.jms.StreamMessage ? "StreamMessage" : "Message without a body";
        int size = message instanceof ActiveMQMessage artemis ? artemis.getCoreMessage().getBodyBufferSize() : -1;
        return "a " + type + (size >= 0 ? " of " + size + " bytes" : "") + ": the queue takes text messages holding JSON records";
    }

    /**
     * The embedded broker's plugin: a text message sent to {@code queue} whose text does not decode goes to
     * {@code deadLetterQueue} instead, as a bytes message holding its body as it came, marked
     * {@code reason=UNREADABLE_MESSAGE} with a {@code detail} naming its size.
     * (A large message, over Artemis' 100 KB, is not checked.)
     */
    public static ActiveMQServerMessagePlugin brokerPlugin(String queue, String deadLetterQueue) {
        SimpleString input = SimpleString.of(queue);
        SimpleString dlq = SimpleString.of(deadLetterQueue);
        return new ActiveMQServerMessagePlugin() {
            private ActiveMQServer server;

            @Override
            public void registered(ActiveMQServer server) {
                this.server = server;
            }

            @Override
            public void beforeMessageRoute(Message message, RoutingContext context, boolean direct, boolean rejectDuplicates) {
                if (!input.equals(message.getAddressSimpleString()) || message.getType() != Message.TEXT_TYPE
                        || message.isLargeMessage() || decodes(message)) {
                    return;
                }
                Queue deadLetters = server == null ? null : server.locateQueue(dlq);
                if (deadLetters == null) {
                    return;
                }
                int size = message.toCore().getBodyBufferSize();
                context.clear();
                message.setAddress(dlq);
                // kept as bytes, as it came: a text message there would fail whoever reads the dead-letter queue too
                message.toCore().setType(Message.BYTES_TYPE);
                message.putStringProperty("reason", REASON);
                message.putStringProperty("detail", "a text message of " + size + " bytes whose text cannot be decoded");
                message.reencode();
                context.addQueue(dlq, deadLetters);
                LOG.warn("A text message of {} bytes sent to {} cannot be decoded: it went to {} (reason {})", size, input, dlq, REASON);
            }
        };
    }

    private static boolean decodes(Message message) {
        try {
            ActiveMQBuffer body = message.toCore().getReadOnlyBodyBuffer();
            body.readNullableSimpleString();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
