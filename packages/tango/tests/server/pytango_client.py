"""PyTango 9.3 driving a TypeScript device server (T-IOP-3 in docs/reference/tango.md).

Usage: pytango_client.py <tangotest device url> <event device url> [--restart]
Prints one JSON document per line: {"check": name, "value": ...} and finally {"done": true}.
With --restart it prints {"waiting": "restart"} after subscribing and waits for a line on stdin,
then reports whether events resumed.
"""
import json
import math
import sys
import time

import numpy
import tango


def emit(check, value):
    print(json.dumps({"check": check, "value": value}, default=str), flush=True)


def reason(fn):
    try:
        fn()
        return None
    except tango.DevFailed as e:
        return e.args[0].reason


def wait_for(cond, timeout):
    end = time.time() + timeout
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


def main():
    url, ev_url = sys.argv[1], sys.argv[2]
    restart = "--restart" in sys.argv
    d = tango.DeviceProxy(url)
    emit("ping", d.ping() >= 0)
    info = d.info()
    emit("info", [info.dev_class, info.server_id, info.server_version])
    emit("state", str(d.state()))
    emit("status", d.status())
    emit("adm_name", d.adm_name())
    cmds = d.command_list_query()
    emit("command_list", [c.cmd_name for c in cmds])

    # Every DevXxx echo command with edge values (PyTango 9.3 cannot send a DevUChar argin: it sends tk_null).
    echoes = {
        "DevBoolean": [True, False],
        "DevShort": [0, -1, -32768, 32767],
        "DevUShort": [0, 65535],
        "DevLong": [-2147483648, 2147483647],
        "DevULong": [0, 4294967295],
        "DevLong64": [-(2**63), 2**63 - 1],
        "DevULong64": [0, 2**64 - 1],
        "DevFloat": [1.5, -0.25],
        "DevDouble": [0.0, -1.0, 1e300],
        "DevString": ["", "hello", "caf\u00e9"],
    }
    results = {}
    for cmd, values in echoes.items():
        results[cmd] = [d.command_inout(cmd, v) == v for v in values]
    results["DevDouble_nan"] = math.isnan(d.command_inout("DevDouble", float("nan")))
    results["DevDouble_inf"] = d.command_inout("DevDouble", float("inf")) == float("inf")
    arrays = {
        "DevVarCharArray": [0, 1, 255],
        "DevVarShortArray": [-32768, 0, 32767],
        "DevVarUShortArray": [0, 65535],
        "DevVarLongArray": [-1, 0, 1],
        "DevVarULongArray": [0, 4294967295],
        "DevVarLong64Array": [-(2**63), 2**63 - 1],
        "DevVarULong64Array": [0, 2**64 - 1],
        "DevVarFloatArray": [1.5, 2.5],
        "DevVarDoubleArray": [1.5, -2.5, 1e-300],
        "DevVarStringArray": ["a", "", "\u00e9"],
        "DevVarBooleanArray": [True, False, True],
    }
    for cmd, values in arrays.items():
        out = d.command_inout(cmd, values)
        results[cmd] = [x.item() if hasattr(x, "item") else x for x in out] == values
    results["DevVarDoubleArray_empty"] = len(d.command_inout("DevVarDoubleArray", [])) == 0
    big = numpy.arange(1_000_000, dtype=numpy.float64)
    results["DevVarDoubleArray_1M"] = bool(numpy.array_equal(d.command_inout("DevVarDoubleArray", big), big))
    lsa = d.command_inout("DevVarLongStringArray", ([1, -2], ["x", "y"]))
    results["DevVarLongStringArray"] = [list(lsa[0]), list(lsa[1])] == [[1, -2], ["x", "y"]]
    dsa = d.command_inout("DevVarDoubleStringArray", ([1.5], ["z"]))
    results["DevVarDoubleStringArray"] = [list(dsa[0]), list(dsa[1])] == [[1.5], ["z"]]
    results["State_cmd"] = str(d.command_inout("State"))
    results["DevVoid"] = d.command_inout("DevVoid") is None
    enc = d.command_inout("DevEncoded", ("fmt", b"\x00\x01\xff"))
    results["DevEncoded"] = [enc[0], list(bytearray(enc[1]))]
    emit("commands", results)

    # Attributes: read every scalar type, write and read back.
    writes = {
        "boolean_scalar": True,
        "short_scalar": -5,
        "ushort_scalar": 65535,
        "long_scalar": -123456,
        "ulong_scalar": 4294967295,
        "long64_scalar": -(2**62),
        "ulong64_scalar": 2**64 - 1,
        "float_scalar": 1.5,
        "double_scalar": 3.25,
        "string_scalar": "caf\u00e9",
        "uchar_scalar": 200,
    }
    back = {}
    for name, value in writes.items():
        d.write_attribute(name, value)
        a = d.read_attribute(name)
        back[name] = [a.value == value, a.w_value == value, a.r_dimension.dim_x, a.w_dimension.dim_x]
    emit("scalars", back)
    d.write_attribute("double_spectrum", [1.5, 2.5, 3.5])
    sp = d.read_attribute("double_spectrum")
    img = numpy.arange(12, dtype=numpy.float64).reshape(3, 4)
    d.write_attribute("double_image", img)
    im = d.read_attribute("double_image")
    emit(
        "arrays",
        {
            "spectrum": [list(sp.value), list(sp.w_value), sp.dim_x],
            "image": [list(im.value.shape), bool(numpy.array_equal(im.value, img)), list(im.w_value.shape)],
            "uchar_image_ro": list(d.read_attribute("uchar_image_ro").value.shape),
            "string_spectrum_ro": len(d.read_attribute("string_spectrum_ro").value),
            "boolean_spectrum_ro": len(d.read_attribute("boolean_spectrum_ro").value),
            "State": str(d.read_attribute("State").value),
            "Status": d.read_attribute("Status").value,
        },
    )
    many = d.read_attributes(["long_scalar", "throw_exception", "short_scalar"])
    emit("read_many", [m.has_failed for m in many])

    # Errors.
    emit(
        "errors",
        {
            "unknown_command": reason(lambda: d.command_inout("NoSuchCommand")),
            "unknown_attribute": reason(lambda: d.read_attribute("no_such_attribute").value),
            "no_value": reason(lambda: d.read_attribute("no_value").value),
            "throw_exception": reason(lambda: d.read_attribute("throw_exception").value),
            "not_writable": reason(lambda: d.write_attribute("short_scalar_ro", 3)),
            "outside_limit": reason(lambda: d.write_attribute("double_image", numpy.zeros((300, 300)))),
            "uchar_spectrum_limit": reason(lambda: d.write_attribute("uchar_spectrum", [1, 2])),
        },
    )
    try:
        d.write_attribute("short_scalar_ro", 3)
        multi = None
    except tango.DevFailed as e:
        multi = [type(e).__name__, e.args[0].reason]
    emit("multi_dev_failed", multi)

    # Attribute configuration.
    cfg = d.get_attribute_config("double_scalar")
    cfg.unit = "mm"
    cfg.max_value = "100"
    d.set_attribute_config(cfg)
    cfg2 = d.get_attribute_config("double_scalar")
    emit("config", [cfg2.unit, cfg2.max_value, reason(lambda: d.write_attribute("double_scalar", 200.0))])
    cfg2.max_value = "Not specified"
    cfg2.unit = ""
    d.set_attribute_config(cfg2)

    # itango-style queries.
    emit(
        "itango",
        {
            "attribute_list": len(d.get_attribute_list()),
            "attribute_list_query": len(d.attribute_list_query()),
            "attribute_list_query_ex": len(d.attribute_list_query_ex()),
            "command_list_query": len(d.command_list_query()),
            "command_config": d.get_command_config("DevString").in_type == tango.CmdArgType.DevString,
            "black_box": len(d.black_box(5)),
        },
    )

    # Events: change (polled), periodic, attr_conf, user (pushed by device code).
    e = tango.DeviceProxy(ev_url)
    if not d.is_attribute_polled("long_scalar"):
        d.poll_attribute("long_scalar", 100)
    cfg = d.get_attribute_config("long_scalar")
    cfg.events.ch_event.abs_change = "1"
    d.set_attribute_config(cfg)
    change, periodic, conf, user = [], [], [], []

    def cb(store):
        def f(ev):
            if ev.err:
                store.append(("err", ev.errors[0].reason))
            elif hasattr(ev, "attr_conf"):
                store.append(("conf", ev.attr_conf.unit))
            elif ev.attr_value is not None:
                v = ev.attr_value.value
                store.append(v.item() if hasattr(v, "item") else v)

        return f

    ids = [
        d.subscribe_event("long_scalar", tango.EventType.CHANGE_EVENT, cb(change)),
        d.subscribe_event("long_scalar", tango.EventType.PERIODIC_EVENT, cb(periodic)),
        d.subscribe_event("long_scalar", tango.EventType.ATTR_CONF_EVENT, cb(conf)),
        e.subscribe_event("counter", tango.EventType.USER_EVENT, cb(user)),
    ]
    for v in [10, 20, 30]:
        d.write_attribute("long_scalar", v)
        wait_for(lambda: v in change, 5)
    c = d.get_attribute_config("long_scalar")
    c.unit = "V"
    d.set_attribute_config(c)
    wait_for(lambda: ("conf", "V") in conf, 5)
    for _ in range(3):
        e.command_inout("Bump")
    wait_for(lambda: 3 in user, 5)
    wait_for(lambda: len(periodic) >= 2, 5)
    emit("events", {"change": change, "periodic": len(periodic) >= 2, "attr_conf": ("conf", "V") in conf, "user": user})
    unpolled = reason(lambda: d.subscribe_event("short_scalar", tango.EventType.CHANGE_EVENT, cb([])))
    emit("unpolled_subscription", unpolled)

    if restart:
        before = len(user)
        print(json.dumps({"waiting": "restart"}), flush=True)
        sys.stdin.readline()
        # After the restart, PyTango's keep-alive thread re-subscribes within ~10 s; keep pushing until events flow.
        deadline = time.time() + 40
        resumed = False
        errors_seen = [x for x in user if isinstance(x, tuple)]
        while time.time() < deadline and not resumed:
            try:
                e.command_inout("Bump")
            except tango.DevFailed:
                pass
            time.sleep(0.5)
            resumed = any(not isinstance(x, tuple) for x in user[before + len(errors_seen) :])
            errors_seen = [x for x in user[before:] if isinstance(x, tuple)]
        emit("after_restart", {"resumed": resumed, "errors": [x[1] for x in user[before:] if isinstance(x, tuple)]})
    for i in ids:
        try:
            (e if i == ids[-1] else d).unsubscribe_event(i)
        except tango.DevFailed:
            pass
    d.stop_poll_attribute("long_scalar")
    print(json.dumps({"done": True}), flush=True)


if __name__ == "__main__":
    main()
