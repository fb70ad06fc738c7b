"""ASGI middleware that refuses request bodies over a size limit while they arrive.

A declared Content-Length over the limit is refused before reading anything;
a body without one is counted as it streams in, and the moment it passes the
limit the application is told the client left and its answer is replaced by
a 413. Nothing is buffered whole to find out. A path prefix may have a limit
of its own (the asynchronous jobs take larger files than a synchronous request).
"""

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class UploadLimitMiddleware:
    """`max_bytes` (named `setting` in the 413), or for paths under a key of `by_prefix` its (bytes, setting)."""

    def __init__(self, app: ASGIApp, max_bytes: int, setting: str = "MAX_UPLOAD_MB",
                 by_prefix: dict[str, tuple[int, str]] | None = None):
        self.app = app
        self.limit = (max_bytes, setting)
        self.by_prefix = by_prefix or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes, setting = next((limit for prefix, limit in self.by_prefix.items()
                                   if scope["path"].startswith(prefix)), self.limit)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await self._refuse(send, 400, "the Content-Length header is not a number")
                return
            if int(declared) > max_bytes:
                await self._refuse(send, 413, self._too_large(max_bytes, setting))
                return

        received = 0
        exceeded = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not exceeded:
                await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded:
            await self._refuse(send, 413, self._too_large(max_bytes, setting))

    @staticmethod
    def _too_large(max_bytes: int, setting: str) -> str:
        return f"the upload is larger than {max_bytes / 1024 / 1024:g} MB, the limit ({setting})"

    @staticmethod
    async def _refuse(send: Send, status: int, detail: str) -> None:
        body = json.dumps({"detail": detail}).encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
