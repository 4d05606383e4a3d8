"""Voila as the lab runs it: ``python .../scratchgan/lab/voila_main.py NOTEBOOK --port=N ...`` (``server.start``).

It runs as a file, not as ``-m scratchgan.lab.voila_main``: the server process then imports
neither the library nor matplotlib (~0.4 s), which only the page's kernel needs.

Two additions to plain Voila, both on the server side:

* readiness: once Voila has bound its port and its loop runs, it writes the port to the
  file named by ``$SCRATCHGAN_LAB_READY``; ``server.start`` waits for that file, so it never
  takes another program answering on the port for the lab.
* a page watchdog: a kernel whose page has gone (closed or reloaded: its websocket count
  dropped to 0) is shut down after ``GONE_S`` seconds, playing or not. Voila's own shutdown
  request from a closing page is refused ("403 '_xsrf' argument missing", an open Voila
  bug), and jupyter_server's culler keeps a playing kernel because its output counts as
  activity. A kernel whose page never connected is shut down after ``NEVER_S`` seconds.

And one subtraction: jsonschema (through jupyter_events) imports ``rfc3987_syntax`` when it is
installed, only to check "iri" strings, and that module builds a grammar at import: 1.5 of
Voila's 2.0 s to start here. The lab's server validates no IRIs, so it is not imported.
"""
import os
import sys
import time

if __name__ == "__main__" and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path.pop(0)  # run as a file: the lab's modules (settings.py, export.py...) must not shadow others
    sys.modules.setdefault("rfc3987_syntax", None)  # jsonschema then skips its "iri" format check (ImportError)

GONE_S = float(os.environ.get("SCRATCHGAN_LAB_GONE_S", "6"))
NEVER_S = 180.0


def lab_voila():
    """The Voila application class with the readiness file and the page watchdog (module docstring).

    Built on call, so importing this module (e.g. for doctests) needs no Voila.
    """
    from tornado.ioloop import IOLoop, PeriodicCallback
    from voila.app import Voila

    class LabVoila(Voila):
        def listen(self):
            self._seen = {}  # kernel id -> (first seen, ever connected, last time it had a page)
            IOLoop.current().add_callback(self._ready)
            PeriodicCallback(self._watch, 1000).start()
            super().listen()

        def _ready(self):
            path = os.environ.get("SCRATCHGAN_LAB_READY")
            if path:
                with open(path + ".tmp", "w") as f:
                    f.write(str(self.port))
                os.replace(path + ".tmp", path)

        async def _watch(self):
            km, now = self.kernel_manager, time.monotonic()
            for kid in list(km.list_kernel_ids()):
                first, ever, last = self._seen.get(kid, (now, False, now))
                if km._kernel_connections.get(kid, 0) > 0:
                    ever, last = True, now
                self._seen[kid] = (first, ever, last)
                if (ever and now - last > GONE_S) or (not ever and now - first > NEVER_S):
                    self.log.info("scratchgan lab: its page is gone; shutting kernel %s down", kid)
                    self._seen.pop(kid)
                    try:
                        await km.shutdown_kernel(kid, now=True)
                    except Exception as err:  # already gone: nothing to stop
                        self.log.info("kernel %s: %s", kid, err)

    return LabVoila


if __name__ == "__main__":
    sys.exit(lab_voila().launch_instance())
