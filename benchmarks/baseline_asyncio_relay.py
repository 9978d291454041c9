"""The minimal asyncio-streams relay, a baseline for benchmarks/run.py.

Every line any client sends goes to every client (the sender too), as is: no
JSON, no nicks, no storage, no acks. About the least a relay in Python does.

    python benchmarks/baseline_asyncio_relay.py [--host 127.0.0.1] [--port 0]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import signal

writers: set[asyncio.StreamWriter] = set()


async def serve_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writers.add(writer)
    try:
        while line := await reader.readline():
            for peer in list(writers):
                peer.write(line)
    except (ConnectionError, asyncio.LimitOverrunError, ValueError):
        pass
    finally:
        writers.discard(writer)
        writer.close()


async def main(host: str, port: int) -> None:
    server = await asyncio.start_server(serve_client, host, port, backlog=1024)
    print(f"asyncio relay listening on {host}:{server.sockets[0].getsockname()[1]}", flush=True)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    async with server:
        await stop.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(main(args.host, args.port))
