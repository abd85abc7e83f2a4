#!/usr/bin/python3
"""A full observation against the Tango-served telescope simulator, the way an SKA script does it with PyTango.

Usage: TANGO_HOST=host:port /usr/bin/python3 pytango-observation.py [mid|low]
       (database-less: TELSIM_TANGO_PREFIX=tango://127.0.0.1:PORT/ and TELSIM_TANGO_SUFFIX='#dbase=no')

It switches the telescope on, assigns resources, configures, scans, ends and releases subarray 1, checking the
obsState sequence from its own change-event callbacks, then switches the telescope off. It prints one JSON
document and exits 0 when the sequence is the expected one, 1 otherwise.
"""
import json
import os
import sys
import threading
import time

import tango

TELESCOPE = sys.argv[1] if len(sys.argv) > 1 else "mid"
PREFIX = os.environ.get("TELSIM_TANGO_PREFIX", "")
SUFFIX = os.environ.get("TELSIM_TANGO_SUFFIX", "")
TIMEOUT_S = float(os.environ.get("TELSIM_TIMEOUT_S", "20"))


def proxy(name):
    return tango.DeviceProxy(PREFIX + name + SUFFIX)


central = proxy("ska_%s/tm_central/central_node" % TELESCOPE)
subarray = proxy("ska_%s/tm_subarray_node/1" % TELESCOPE)

labels = list(subarray.get_attribute_config("obsState").enum_labels)
seen = []
cond = threading.Condition()


def on_obs_state(event):
    if event.err:
        return
    with cond:
        seen.append(labels[int(event.attr_value.value)])
        cond.notify_all()


def wait_for(state, after):
    """Waits until obsState `state` was reported by an event after index `after`; returns its index."""
    deadline = time.monotonic() + TIMEOUT_S
    with cond:
        while True:
            for i in range(after, len(seen)):
                if seen[i] == state:
                    return i + 1
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError("timed out waiting for obsState %s; events: %s" % (state, seen))
            cond.wait(left)


def wait_telescope(target):
    deadline = time.monotonic() + TIMEOUT_S
    while str(central.read_attribute("telescopeState").value) != target:
        if time.monotonic() > deadline:
            raise RuntimeError("telescopeState never reached %s" % target)
        time.sleep(0.05)


if TELESCOPE == "mid":
    assign = {"interface": "https://schema.skao.int/ska-tmc-assignresources/2.1", "subarray_id": 1,
              "dish": {"receptor_ids": ["SKA001", "SKA002"]},
              "sdp": {"execution_block": {"eb_id": "eb-pytango-20260101-00001"}}}
else:
    assign = {"interface": "https://schema.skao.int/ska-low-tmc-assignresources/4.0", "subarray_id": 1,
              "mccs": {"subarray_beam_ids": [1], "station_ids": [[1, 2]], "channel_blocks": [3]},
              "sdp": {"execution_block": {"eb_id": "eb-pytango-20260101-00001"}}}
configure = {"interface": "https://schema.skao.int/ska-tmc-configure/2.2", "tmc": {"scan_duration": 0.3}}
scan = {"interface": "https://schema.skao.int/ska-tmc-scan/2.1", "scan_id": 1}

result = {"replies": {}}
sub_id = subarray.subscribe_event("obsState", tango.EventType.CHANGE_EVENT, on_obs_state)
try:
    reply = central.TelescopeOn()
    result["replies"]["TelescopeOn"] = [[int(x) for x in reply[0]], [str(x) for x in reply[1]]]
    wait_telescope("ON")
    i = wait_for("EMPTY", 0)
    central.AssignResources(json.dumps(assign))
    i = wait_for("IDLE", wait_for("RESOURCING", i))
    result["assignedResources"] = list(subarray.read_attribute("assignedResources").value or [])
    subarray.Configure(json.dumps(configure))
    i = wait_for("READY", wait_for("CONFIGURING", i))
    subarray.Scan(json.dumps(scan))
    i = wait_for("READY", wait_for("SCANNING", i))
    subarray.End()
    i = wait_for("IDLE", i)
    try:
        subarray.End()
        result["illegal"] = None
    except tango.DevFailed as e:
        result["illegal"] = {"reason": e.args[0].reason, "desc": e.args[0].desc}
    subarray.ReleaseAllResources()
    i = wait_for("EMPTY", wait_for("RESOURCING", i))
    central.TelescopeOff()
    wait_telescope("STANDBY" if TELESCOPE == "mid" else "OFF")
finally:
    subarray.unsubscribe_event(sub_id)

expected = ["EMPTY", "RESOURCING", "IDLE", "CONFIGURING", "READY", "SCANNING", "READY", "IDLE", "RESOURCING", "EMPTY"]
result["obsStates"] = seen
result["ok"] = seen == expected
print(json.dumps(result))
sys.exit(0 if result["ok"] else 1)
