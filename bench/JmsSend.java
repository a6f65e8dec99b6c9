import jakarta.jms.Connection;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** Sends one text message: java -cp <Artemis client jars> bench/JmsSend.java <url> <user> <password> <queue> <body>. */
public class JmsSend {
    public static void main(String[] args) throws Exception {
        try (Connection c = new ActiveMQConnectionFactory(args[0], args[1], args[2]).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(args[3])).send(s.createTextMessage(args[4]));
        }
    }
}
