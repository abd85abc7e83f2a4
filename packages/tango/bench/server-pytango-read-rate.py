"""PyTango read_attribute rate against one device URL for a fixed duration; prints JSON."""
import json
import sys
import time

import tango

url, attr, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
d = tango.DeviceProxy(url)
for _ in range(200):
    d.read_attribute(attr)
n = 0
start = time.perf_counter()
end = start + seconds
while time.perf_counter() < end:
    for _ in range(100):
        d.read_attribute(attr)
    n += 100
elapsed = time.perf_counter() - start
print(json.dumps({"reads": n, "seconds": elapsed, "rate": n / elapsed}))
