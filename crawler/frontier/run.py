"""One crawl run in Redis: its reliable request queue, its workers and when it is done.

Keys (``B`` = ``{FRONTIER_KEY_PREFIX}:{scope}:{run}``, scope = the spider's run
scope, e.g. ``asianlite`` or ``wordpress@example.com``):

- ``B:queue``  sorted set: request id -> score (-priority, then arrival order);
- ``B:data``   hash: request id -> the serialised request;
- ``B:seq``    counter giving request ids;
- ``B:seen``   set: request fingerprints (the dupefilter, FrontierDupeFilter);
- ``B:workers`` sorted set: worker id -> last heartbeat (ms, Redis's clock);
- ``B:taken:{worker}`` hash: request id -> queue score, the requests a worker
  took and has not finished (its in-flight requests);
- ``B:meta``   hash: ``created``, ``seeder`` (the worker that runs start()),
  ``seeding`` (that worker while its start requests are still coming),
  ``done`` (set once: the run is over; ``carried`` when a later run took over
  what this interrupted run left);
- ``{prefix}:{scope}:current``: the last run started in the scope (joining it,
  carrying over an interrupted one).

Every key of a run expires FRONTIER_RUN_TTL seconds after the last heartbeat
of any of its workers, so old runs clean themselves up; nothing here deletes a
key of a run that has a live worker.  All times are Redis's own clock (TIME),
so workers on machines whose clocks differ agree on who is alive.

The queue is reliable: taking a request moves it, in one script, from the
queue into the worker's ``taken`` hash; finishing it (its response and
callbacks done, their requests queued) deletes it; a worker whose heartbeat is
older than FRONTIER_WORKER_TIMEOUT is reaped by any live worker, which puts
its taken requests back in the queue.  The run is done when the queue is
empty, no worker has a request taken and the seeder has finished its start
requests (``quiescent``), seen continuously for FRONTIER_IDLE_GRACE seconds.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Scores order the queue: higher priority first, then first in, first out.
# Priorities are clamped so that the score stays an exact integer in a double.
_PRIORITY_SPAN = 1_000_000
_SEQ_SPAN = 1_000_000_000

_LIVE = """
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function live_count(base, now, timeout)
  return redis.call('ZCOUNT', base .. ':workers', now - timeout, '+inf')
end
"""

# KEYS[1] pointer; ARGV: scope base, explicit run ('' = auto), new run id, worker,
# timeout ms, ttl s.  Returns {run, role, previous interrupted run or ''}.
_OPEN = (
    _LIVE
    + """
local now = now_ms()
local scope, timeout, ttl = ARGV[1], tonumber(ARGV[5]), tonumber(ARGV[6])
local cur = redis.call('GET', KEYS[1])
local run = ARGV[2]
local function alive(r)
  return r and redis.call('HGET', scope .. ':' .. r .. ':meta', 'done') == false
    and live_count(scope .. ':' .. r, now, timeout) > 0
end
if run == '' then
  if alive(cur) then run = cur else run = ARGV[3] end
end
local base = scope .. ':' .. run
if redis.call('HGET', base .. ':meta', 'done') then return {run, 'done', ''} end
redis.call('ZADD', base .. ':workers', now, ARGV[4])
redis.call('EXPIRE', base .. ':workers', ttl)
if redis.call('HSETNX', base .. ':meta', 'created', now) == 1 then
  redis.call('HSET', base .. ':meta', 'seeder', ARGV[4], 'seeding', ARGV[4])
  redis.call('EXPIRE', base .. ':meta', ttl)
  local prev = ''
  if cur and cur ~= run and redis.call('HGET', scope .. ':' .. cur .. ':meta', 'done') == false
     and not alive(cur) then
    prev = cur
  end
  redis.call('SET', KEYS[1], run, 'EX', ttl)
  return {run, 'seeder', prev}
end
return {run, 'joined', ''}
"""
)

# KEYS: queue, data, seq; ARGV: priority (clamped), serialised request, sequence span.
_PUSH = """
if ARGV[4] ~= '' and redis.call('SADD', KEYS[4], ARGV[4]) == 0 then return 0 end
local id = redis.call('INCR', KEYS[3])
local span = tonumber(ARGV[3])
local score = -tonumber(ARGV[1]) * span + (id % span)
redis.call('HSET', KEYS[2], id, ARGV[2])
redis.call('ZADD', KEYS[1], string.format('%.0f', score), id)
return id
"""

# KEYS: queue, data, taken; returns {id, data} or nil.
_TAKE = """
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #head == 0 then return false end
redis.call('ZREM', KEYS[1], head[1])
redis.call('HSET', KEYS[3], head[1], head[2])
return {head[1], redis.call('HGET', KEYS[2], head[1])}
"""

# KEYS: taken, data; ARGV: ids finished.  Only ids still taken by this worker
# are deleted: a request put back by a reaper belongs to the queue again.
_ACK = """
local n = 0
for _, id in ipairs(ARGV) do
  if redis.call('HDEL', KEYS[1], id) == 1 then
    redis.call('HDEL', KEYS[2], id)
    n = n + 1
  end
end
return n
"""

# KEYS: taken, queue; ARGV: ids to give back (all when none given).
_RELEASE = """
local items = redis.call('HGETALL', KEYS[1])
local wanted = {}
for _, id in ipairs(ARGV) do wanted[id] = true end
local n = 0
for i = 1, #items, 2 do
  if #ARGV == 0 or wanted[items[i]] then
    redis.call('ZADD', KEYS[2], items[i + 1], items[i])
    redis.call('HDEL', KEYS[1], items[i])
    n = n + 1
  end
end
return n
"""

# ARGV: run base, worker, timeout ms, ttl s.  Heartbeat, reap dead workers
# (their taken requests go back to the queue), refresh the run's expiry.
# Returns {was this worker still registered (0/1), requests put back, workers reaped}.
_HEARTBEAT = (
    _LIVE
    + """
local base, me, timeout, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local now = now_ms()
local workers = base .. ':workers'
local known = redis.call('ZSCORE', workers, me) and 1 or 0
redis.call('ZADD', workers, now, me)
local back, reaped = 0, 0
for _, w in ipairs(redis.call('ZRANGEBYSCORE', workers, '-inf', '(' .. (now - timeout))) do
  local taken = base .. ':taken:' .. w
  local items = redis.call('HGETALL', taken)
  for i = 1, #items, 2 do
    redis.call('ZADD', base .. ':queue', items[i + 1], items[i])
    back = back + 1
  end
  redis.call('DEL', taken)
  redis.call('ZREM', workers, w)
  if redis.call('HGET', base .. ':meta', 'seeding') == w then
    redis.call('HSET', base .. ':meta', 'seeding', '')
  end
  reaped = reaped + 1
end
local suffixes = {':queue', ':data', ':seq', ':seen', ':workers', ':meta', ':taken:' .. me}
for _, suffix in ipairs(suffixes) do
  redis.call('EXPIRE', base .. suffix, ttl)
end
return {known, back, reaped}
"""
)

# ARGV: run base.  1 when nothing is queued, nothing is taken by any worker
# (live, or dead but not yet reaped) and no start requests are still coming.
_QUIESCENT = """
local base = ARGV[1]
if redis.call('ZCARD', base .. ':queue') > 0 then return 0 end
if (redis.call('HGET', base .. ':meta', 'seeding') or '') ~= '' then return 0 end
for _, w in ipairs(redis.call('ZRANGE', base .. ':workers', 0, -1)) do
  if redis.call('HLEN', base .. ':taken:' .. w) > 0 then return 0 end
end
return 1
"""

# KEYS[1] limiter key; ARGV: interval in microseconds.  Reserves the site's
# next slot; returns how long (µs) the caller waits before its request goes.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, nxt)
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.0f', at + interval),
           'PX', math.floor((at + interval - now) / 1000) + 60000)
return at - now
"""


def worker_id() -> str:
    """This process, recognisable in Redis: host, pid and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def new_run_id() -> str:
    """A run id that sorts by start time."""
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:6]


@dataclass(frozen=True)
class Opened:
    """How this worker entered its run."""

    run: str
    role: str  # "seeder" (first worker: runs start()), "joined", or "done" (run already over)
    previous: str  # an interrupted earlier run of the scope to carry over ("" = none)


@dataclass(frozen=True)
class Beat:
    """What one heartbeat found."""

    registered: bool  # False: this worker had been reaped as dead (its requests re-queued)
    requeued: int  # requests of dead workers put back in the queue
    reaped: int  # dead workers removed


class FrontierRun:
    """The Redis side of one worker in one run (see the module docstring)."""

    def __init__(
        self,
        server: Any,
        prefix: str,
        scope: str,
        run: str,
        worker: str,
        *,
        worker_timeout: float = 30.0,
        ttl: float = 7 * 86400,
    ) -> None:
        self.server = server
        self.prefix = prefix
        self.scope_base = f"{prefix}:{scope}"
        self.run = run
        self.worker = worker
        self.timeout_ms = max(1, int(worker_timeout * 1000))
        self.ttl = max(1, int(ttl))
        self._scripts = {
            name: server.register_script(source)
            for name, source in (
                ("open", _OPEN),
                ("push", _PUSH),
                ("take", _TAKE),
                ("ack", _ACK),
                ("release", _RELEASE),
                ("heartbeat", _HEARTBEAT),
                ("quiescent", _QUIESCENT),
                ("reserve", _RESERVE),
            )
        }

    # -- keys ---------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"{self.scope_base}:{self.run}"

    def key(self, name: str) -> str:
        return f"{self.base}:{name}"

    @property
    def taken_key(self) -> str:
        return self.key(f"taken:{self.worker}")

    # -- joining ------------------------------------------------------------------

    def open(self, run: str = "") -> Opened:
        """Join run ``run`` (or, when "", the scope's live run, else a new one)."""
        result = self._scripts["open"](
            keys=[f"{self.scope_base}:current"],
            args=[self.scope_base, run, new_run_id(), self.worker, self.timeout_ms, self.ttl],
        )
        opened = Opened(*(_text(part) for part in result))
        self.run = opened.run
        return opened

    def seeding_done(self) -> None:
        """This worker's start requests are all queued."""
        meta = self.key("meta")
        pipe = self.server.pipeline()
        pipe.watch(meta)
        if _text(pipe.hget(meta, "seeding") or b"") == self.worker:
            pipe.multi()
            pipe.hset(meta, "seeding", "")
            pipe.execute()
        else:
            pipe.reset()

    def take_over(self, previous: str) -> list[bytes]:
        """The serialised requests an interrupted run left (queued or taken), now ours.

        Marks that run ``done=carried`` first so that only one worker ever takes
        them, then deletes its queue, data and taken hashes.
        """
        base = f"{self.scope_base}:{previous}"
        if not self.server.hsetnx(f"{base}:meta", "done", "carried"):
            return []
        ids: set[bytes] = set(self.server.zrange(f"{base}:queue", 0, -1))
        takers = [_text(w) for w in self.server.zrange(f"{base}:workers", 0, -1)]
        for worker in takers:
            ids.update(self.server.hkeys(f"{base}:taken:{worker}"))
        blobs = self.server.hmget(f"{base}:data", sorted(ids)) if ids else []
        self.server.delete(
            f"{base}:queue",
            f"{base}:data",
            f"{base}:workers",
            *(f"{base}:taken:{w}" for w in takers),
        )
        return [blob for blob in blobs if blob is not None]

    # -- the queue ----------------------------------------------------------------

    def push(self, blob: bytes, priority: int, fingerprint: str = "") -> int:
        """Queue a request; its id, or 0 if ``fingerprint`` was seen in this run already.

        The fingerprint is added to ``seen`` and the request queued in one
        script: a worker killed in between could otherwise leave a request
        marked seen but never queued, and so never crawled (its parent,
        re-crawled by another worker, would find its link a duplicate).
        """
        clamped = max(-_PRIORITY_SPAN, min(_PRIORITY_SPAN, int(priority)))
        return int(
            self._scripts["push"](
                keys=[self.key("queue"), self.key("data"), self.key("seq"), self.key("seen")],
                args=[clamped, blob, _SEQ_SPAN, fingerprint],
            )
        )

    def take(self) -> tuple[str, bytes | None] | None:
        """The first queued request (id, serialised), now taken by this worker; None if empty."""
        result = self._scripts["take"](keys=[self.key("queue"), self.key("data"), self.taken_key])
        if not result:
            return None
        return _text(result[0]), result[1]

    def ack(self, ids: Iterable[str]) -> int:
        """Finished requests: forget them.  Returns how many this worker still held."""
        ids = list(ids)
        if not ids:
            return 0
        return int(self._scripts["ack"](keys=[self.taken_key, self.key("data")], args=ids))

    def release(self, ids: Iterable[str] = ()) -> int:
        """Give taken requests (all when none named) back to the queue for any worker."""
        return int(
            self._scripts["release"](keys=[self.taken_key, self.key("queue")], args=list(ids))
        )

    def queued(self) -> int:
        return int(self.server.zcard(self.key("queue")))

    def taken(self) -> int:
        """Requests this worker holds."""
        return int(self.server.hlen(self.taken_key))

    # -- workers and the end of the run -----------------------------------------------

    def heartbeat(self) -> Beat:
        known, back, reaped = self._scripts["heartbeat"](
            args=[self.base, self.worker, self.timeout_ms, self.ttl]
        )
        return Beat(bool(known), int(back), int(reaped))

    def leave(self) -> None:
        """This worker stops: what it still holds goes back to the queue, then it deregisters."""
        self.release()
        self.server.zrem(self.key("workers"), self.worker)

    def live_workers(self) -> list[str]:
        now_s, now_us = self.server.time()
        now = int(now_s) * 1000 + int(now_us) // 1000
        members = self.server.zrangebyscore(self.key("workers"), now - self.timeout_ms, "+inf")
        return [_text(m) for m in members]

    def quiescent(self) -> bool:
        return bool(self._scripts["quiescent"](args=[self.base]))

    def done(self) -> bool:
        return self.server.hget(self.key("meta"), "done") is not None

    def mark_done(self) -> None:
        self.server.hsetnx(self.key("meta"), "done", "finished")

    # -- politeness across workers ---------------------------------------------------------

    def reserve(self, site: str, interval: float) -> float:
        """Seconds to wait so that requests to ``site`` from all workers of all runs
        stay ``interval`` seconds apart."""
        waited = self._scripts["reserve"](
            keys=[f"{self.prefix}:rate:{site}"], args=[int(interval * 1_000_000)]
        )
        return max(0.0, int(waited) / 1_000_000)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
