package io.strand.chaos.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A tiny TCP server and client run as separate processes inside network namespaces by the network tests.
 * {@code serve PORT}: accepts connections for at most two minutes, reads each to EOF and answers "ok".
 * {@code connect HOST PORT BYTES TIMEOUT_MS}: sends BYTES, waits for the answer, prints the elapsed milliseconds;
 * exit code 0 = answered, 1 = timed out, 2 = other error.
 */
public final class TcpProbe {
  private TcpProbe() {
  }

  public static void main(String[] args) throws IOException {
    if (args[0].equals("serve")) {
      serve(Integer.parseInt(args[1]));
    } else {
      System.exit(connect(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4])));
    }
  }

  private static void serve(int port) throws IOException {
    long deadline = System.currentTimeMillis() + 120_000;
    try (ServerSocket server = new ServerSocket()) {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(port));
      server.setSoTimeout(1000);
      System.out.println("listening");
      System.out.flush();
      while (System.currentTimeMillis() < deadline) {
        try (Socket s = server.accept()) {
          s.getInputStream().transferTo(OutputStream.nullOutputStream());
          s.getOutputStream().write("ok\n".getBytes(StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
          // poll the deadline
        }
      }
    }
  }

  private static int connect(String host, int port, int bytes, int timeoutMs) {
    long start = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), timeoutMs);
      s.setSoTimeout(timeoutMs);
      s.getOutputStream().write(new byte[bytes]);
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      System.out.println((System.nanoTime() - start) / 1_000_000);
      return answer.equals("ok") ? 0 : 2;
    } catch (SocketTimeoutException e) {
      System.out.println("timeout " + e.getMessage());
      return 1;
    } catch (IOException e) {
      System.out.println("error " + e);
      return 2;
    }
  }
}
