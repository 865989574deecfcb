package dev.collab.invitations.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP server for the replies GreenMail cannot be told to give: each command verb
 * (EHLO, AUTH, MAIL, RCPT, DATA, and END for the end of the message) answers as scripted,
 * everything else with a success.
 */
final class ScriptedSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Map<String, String> replies = new ConcurrentHashMap<>();
    /** Every command line received, in order (the message's own lines left out). */
    final List<String> commands = new CopyOnWriteArrayList<>();
    private final Thread thread;
    /** Whether the server hangs up after each message, as one that limits messages per connection. */
    private volatile boolean hangUpAfterMessage;

    ScriptedSmtpServer() throws IOException {
        socket = new ServerSocket(0);
        thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    /** @param verb EHLO, AUTH, MAIL, RCPT, DATA or END @param reply the full reply line(s) without the final CRLF */
    ScriptedSmtpServer reply(String verb, String reply) {
        replies.put(verb, reply);
        return this;
    }

    /** Hangs up after each message's reply, without waiting for QUIT. */
    ScriptedSmtpServer hangUpAfterMessage() {
        hangUpAfterMessage = true;
        return this;
    }

    /** @return how many command lines began with this verb */
    long count(String verb) {
        return commands.stream().filter(c -> c.toUpperCase(Locale.ROOT).startsWith(verb)).count();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException e) {
                // closed or the client went away: next connection
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = client.getOutputStream();
        send(out, "220 scripted ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            commands.add(line);
            String verb = line.split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO" -> send(out, replies.getOrDefault("EHLO", "250-scripted\r\n250 AUTH PLAIN LOGIN"));
                case "AUTH" -> send(out, replies.getOrDefault("AUTH", "235 2.7.0 ok"));
                case "MAIL" -> send(out, replies.getOrDefault("MAIL", "250 2.1.0 ok"));
                case "RCPT" -> send(out, replies.getOrDefault("RCPT", "250 2.1.5 ok"));
                case "DATA" -> {
                    String data = replies.getOrDefault("DATA", "354 go ahead");
                    send(out, data);
                    if (data.startsWith("354")) {
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // swallow the message
                        }
                        send(out, replies.getOrDefault("END", "250 2.0.0 queued"));
                        if (hangUpAfterMessage) {
                            return;
                        }
                    }
                }
                case "QUIT" -> {
                    send(out, "221 bye");
                    return;
                }
                default -> send(out, "250 ok");
            }
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
