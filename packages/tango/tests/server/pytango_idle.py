"""Subscribes to a pushed attribute and stays idle; reports the error events PyTango delivered.

Usage: pytango_idle.py <device url> <seconds>
"""
import json
import sys
import time

import tango

d = tango.DeviceProxy(sys.argv[1])
errors, values = [], []


def cb(ev):
    if ev.err:
        errors.append(ev.errors[0].reason)
    else:
        values.append(ev.attr_value.value)


eid = d.subscribe_event("counter", tango.EventType.USER_EVENT, cb)
print(json.dumps({"subscribed": True}), flush=True)
time.sleep(float(sys.argv[2]))
d.command_inout("Bump")
end = time.time() + 5
while time.time() < end and 1 not in values:
    time.sleep(0.05)
print(json.dumps({"errors": errors, "values": values}), flush=True)
d.unsubscribe_event(eid)
