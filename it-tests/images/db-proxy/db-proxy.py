#!/usr/bin/env python3
"""A stand-in for Cloud SQL Auth Proxy in the test pods: a plain TCP forwarder, no TLS, no IAM.

It listens on LISTEN_HOST:LISTEN_PORT (default 127.0.0.1:5432, where a pod's own containers
reach it, as the real proxy's sidecar) and forwards every connection to
UPSTREAM_HOST:UPSTREAM_PORT (UPSTREAM_PORT defaults to 5432). One line per connection goes to
stdout when it ends (peer, bytes each way, duration, or why the upstream refused it).

With HEALTH_PORT set, it also answers HTTP GET /startup, /readiness and /liveness on
0.0.0.0:HEALTH_PORT with 200 once it listens (as the real proxy's --health-check does), for a
startupProbe: the kubelet probes the pod IP, not 127.0.0.1, so a tcpSocket probe of the proxy
port cannot work.

On SIGTERM (or SIGINT) it stops listening, closes the open connections and exits 0 at once: a
native sidecar (an init container with restartPolicy: Always) is stopped that way by the kubelet
when the Job's main container has exited. It writes no file (read-only root filesystem).
"""
import asyncio
import datetime
import os
import signal
import sys

CHUNK = 64 * 1024


def log(message):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    print(f"{stamp} db-proxy: {message}", flush=True)


def port(name, default=None):
    value = os.environ.get(name, "") or default
    if value is None:
        sys.exit(f"db-proxy: {name} is not set")
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 < number < 65536:
        sys.exit(f"db-proxy: {name}={value!r} is not a TCP port")
    return number


async def pipe(reader, writer, counter, index):
    """Copies reader to writer until EOF, then half-closes writer (the other way may go on)."""
    try:
        while True:
            data = await reader.read(CHUNK)
            if not data:
                break
            counter[index] += len(data)
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except (ConnectionError, OSError):
        pass


class Proxy:
    def __init__(self, upstream_host, upstream_port):
        self.upstream = (upstream_host, upstream_port)
        self.count = 0
        self.open = set()

    async def handle(self, client_reader, client_writer):
        self.count += 1
        number, peer = self.count, client_writer.get_extra_info("peername")
        peer = f"{peer[0]}:{peer[1]}" if peer else "?"
        target = f"{self.upstream[0]}:{self.upstream[1]}"
        started = asyncio.get_running_loop().time()
        task = asyncio.current_task()
        self.open.add(task)
        counter = [0, 0]
        outcome = "closed"
        try:
            try:
                up_reader, up_writer = await asyncio.wait_for(asyncio.open_connection(*self.upstream), 10)
            except (OSError, asyncio.TimeoutError) as error:
                outcome = f"upstream {target} unreachable: {error or type(error).__name__}"
                return
            try:
                await asyncio.gather(pipe(client_reader, up_writer, counter, 0),
                                     pipe(up_reader, client_writer, counter, 1))
            finally:
                up_writer.close()
        except asyncio.CancelledError:
            outcome = "closed at shutdown"
        finally:
            client_writer.close()
            self.open.discard(task)
            elapsed = asyncio.get_running_loop().time() - started
            log(f"connection {number} from {peer} to {target}: {outcome}, "
                f"{counter[0]} bytes sent, {counter[1]} bytes received, {elapsed:.3f} s")


async def health(reader, writer):
    """A minimal HTTP/1.0 answer: 200 for the three paths of the real proxy, 404 otherwise."""
    try:
        request = await asyncio.wait_for(reader.readline(), 5)
        while (await asyncio.wait_for(reader.readline(), 5)) not in (b"\r\n", b"\n", b""):
            pass
        parts = request.decode("latin-1").split()
        ok = len(parts) >= 2 and parts[0] in ("GET", "HEAD") and parts[1] in ("/startup", "/readiness", "/liveness")
        body = b"ok\n" if ok else b"not found\n"
        status = b"200 OK" if ok else b"404 Not Found"
        writer.write(b"HTTP/1.0 " + status + b"\r\nContent-Type: text/plain\r\nContent-Length: "
                     + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
        await writer.drain()
    except (OSError, asyncio.TimeoutError, UnicodeError):
        pass
    finally:
        writer.close()


async def main():
    listen_host = os.environ.get("LISTEN_HOST", "") or "127.0.0.1"
    listen_port = port("LISTEN_PORT", "5432")
    upstream_host = os.environ.get("UPSTREAM_HOST", "")
    if not upstream_host:
        sys.exit("db-proxy: UPSTREAM_HOST is not set")
    upstream_port = port("UPSTREAM_PORT", "5432")
    health_port = port("HEALTH_PORT") if os.environ.get("HEALTH_PORT") else None

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    proxy = Proxy(upstream_host, upstream_port)
    servers = [await asyncio.start_server(proxy.handle, listen_host, listen_port, reuse_address=True)]
    log(f"listening on {listen_host}:{listen_port}, forwarding to {upstream_host}:{upstream_port}")
    if health_port is not None:
        servers.append(await asyncio.start_server(health, "0.0.0.0", health_port, reuse_address=True))
        log(f"health checks on 0.0.0.0:{health_port} (/startup, /readiness, /liveness)")

    await stop.wait()
    for server in servers:
        server.close()
    for task in list(proxy.open):
        task.cancel()
    if proxy.open:
        await asyncio.wait(list(proxy.open), timeout=2)
    log(f"stopping on signal after {proxy.count} connection(s)")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except OSError as error:  # e.g. the port is taken
        sys.exit(f"db-proxy: {error}")
    sys.exit(0)
