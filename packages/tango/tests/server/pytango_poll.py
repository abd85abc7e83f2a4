"""add: poll double_scalar every 300 ms; check: report whether it is polled, then stop polling."""
import json
import sys

import tango

d = tango.DeviceProxy(sys.argv[1])
if sys.argv[2] == "add":
    d.poll_attribute("double_scalar", 300)
    print(json.dumps({"done": True}), flush=True)
else:
    polled = [d.is_attribute_polled("double_scalar"), d.get_attribute_poll_period("double_scalar")]
    d.stop_poll_attribute("double_scalar")
    print(json.dumps({"done": True, "polled": polled}), flush=True)
