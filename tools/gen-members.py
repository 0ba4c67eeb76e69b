#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate src/alpaca/cria-members-table.c from the Alpaca Device API OpenAPI file.

Usage: gen-members.py AlpacaDeviceAPI_v1.yaml OUTPUT.c

The output is deterministic, so a test can regenerate it and compare it byte for
byte with the committed copy.  Anything in the definition the tables cannot
express (an unknown response, parameter type or version marker) stops the
generator with an error instead of producing a guess.
"""

import os
import re
import sys

try:
    import yaml
except ImportError:
    sys.exit("gen-members.py: PyYAML is needed (Debian: python3-yaml)")


COMMON_PREFIX = "/{device_type}/{device_number}/"
HIDDEN_PARAMS = {"ClientID", "ClientTransactionID", "device_type", "device_number"}

# URL spelling -> (CriaDeviceType enumerator, Platform 7 interface version).
# The versions mirror src/alpaca/cria-device-type.c; test-members checks both agree.
DEVICE_TYPES = {
    "camera": ("CRIA_DEVICE_CAMERA", 4),
    "covercalibrator": ("CRIA_DEVICE_COVER_CALIBRATOR", 2),
    "dome": ("CRIA_DEVICE_DOME", 3),
    "filterwheel": ("CRIA_DEVICE_FILTER_WHEEL", 3),
    "focuser": ("CRIA_DEVICE_FOCUSER", 4),
    "observingconditions": ("CRIA_DEVICE_OBSERVING_CONDITIONS", 2),
    "rotator": ("CRIA_DEVICE_ROTATOR", 4),
    "safetymonitor": ("CRIA_DEVICE_SAFETY_MONITOR", 3),
    "switch": ("CRIA_DEVICE_SWITCH", 3),
    "telescope": ("CRIA_DEVICE_TELESCOPE", 4),
}

# Response component -> (value type, format implied by the response itself).
RESPONSES = {
    "MethodResponse": ("NONE", None),
    "BoolResponse": ("BOOL", None),
    "IntResponse": ("INT", None),
    "IntMinimum1Response": ("INT", None),
    "PercentIntResponse": ("INT", "PERCENT"),
    "DoubleResponse": ("DOUBLE", None),
    "PercentDoubleResponse": ("DOUBLE", "PERCENT"),
    "RightAscensionResponse": ("DOUBLE", "HOURS"),
    "DeclinationResponse": ("DOUBLE", "DEGREES"),
    "StringResponse": ("STRING", None),
    "TelescopeUTCDateResponse": ("STRING", "DATE_TIME"),
    "LastExposureStartTimeResponse": ("STRING", "DATE_TIME"),
    "StringArrayResponse": ("STRING_LIST", None),
    "IntArrayResponse": ("INT_LIST", None),
    "DriveRatesResponse": ("INT_LIST", "DRIVE_RATE"),
    "AxisRatesResponse": ("AXIS_RATES", None),
    "DeviceStateResponse": ("DEVICE_STATE", None),
    "ImageArrayResponse": ("IMAGE", None),
    "ImageArrayVariantResponse": ("IMAGE", None),
    "CameraStateResponse": ("INT", "CAMERA_STATE"),
    "SensorTypeResponse": ("INT", "SENSOR_TYPE"),
    "ShutterStateResponse": ("INT", "SHUTTER_STATE"),
    "PierSideResponse": ("INT", "PIER_SIDE"),
    "AlignmentModeResponse": ("INT", "ALIGNMENT_MODE"),
    "EquatorialCoordinateTypeResponse": ("INT", "EQUATORIAL_SYSTEM"),
    "DriveRateResponse": ("INT", "DRIVE_RATE"),
    "CalibratorStatusResponse": ("INT", "CALIBRATOR_STATUS"),
    "CoverStatusResponse": ("INT", "COVER_STATUS"),
}

# The JSON type a response's Value must have for each value type; checked
# against the definition so that a mistake in RESPONSES cannot go unnoticed.
VALUE_JSON_TYPES = {
    "BOOL": "boolean",
    "INT": "integer",
    "DOUBLE": "number",
    "STRING": "string",
    "STRING_LIST": "array",
    "INT_LIST": "array",
    "AXIS_RATES": "array",
    "DEVICE_STATE": "array",
}

# Schema component -> format, for values and parameters typed by a $ref.
SCHEMA_FORMATS = {
    "RightAscension": "HOURS",
    "Declination": "DEGREES",
    "TelescopeAxis": "TELESCOPE_AXIS",
    "GuideDirection": "GUIDE_DIRECTION",
    "DriveRate": "DRIVE_RATE",
    "PierSide": "PIER_SIDE",
    "TelescopeUTCDate": "DATE_TIME",
    "LastExposureStartTime": "DATE_TIME",
    "CameraState": "CAMERA_STATE",
    "SensorType": "SENSOR_TYPE",
    "ShutterState": "SHUTTER_STATE",
    "CalibratorStatus": "CALIBRATOR_STATUS",
    "CoverStatus": "COVER_STATUS",
    "AlignmentMode": "ALIGNMENT_MODE",
    "EquatorialCoordinateType": "EQUATORIAL_SYSTEM",
}

# Formats of plain numbers, which the definition only gives in prose.  Values
# look up "Type.Name" then "*.Name"; parameters "Type.Member.Param" first, then
# "Type.Param" and "*.Param".  Angles that run 0..360 are AZIMUTH, signed
# angles DEGREES.  These win over the formats above.
NAME_FORMATS = {
    "*.Altitude": "DEGREES",
    "*.Azimuth": "AZIMUTH",
    "*.Temperature": "CELSIUS",
    "Camera.CCDTemperature": "CELSIUS",
    "Camera.HeatSinkTemperature": "CELSIUS",
    "Camera.SetCCDTemperature": "CELSIUS",
    "Camera.CoolerPower": "PERCENT",
    "Camera.PercentCompleted": "PERCENT",
    "Camera.ExposureMax": "SECONDS",
    "Camera.ExposureMin": "SECONDS",
    "Camera.ExposureResolution": "SECONDS",
    "Camera.LastExposureDuration": "SECONDS",
    "Camera.SubExposureDuration": "SECONDS",
    "Camera.StartExposure.Duration": "SECONDS",
    "ObservingConditions.CloudCover": "PERCENT",
    "ObservingConditions.DewPoint": "CELSIUS",
    "ObservingConditions.Humidity": "PERCENT",
    "ObservingConditions.SkyTemperature": "CELSIUS",
    "ObservingConditions.TimeSinceLastUpdate": "SECONDS",
    "ObservingConditions.WindDirection": "AZIMUTH",
    "Rotator.MechanicalPosition": "AZIMUTH",
    "Rotator.Position": "AZIMUTH",
    "Rotator.TargetPosition": "AZIMUTH",
    "Rotator.Move.Position": "DEGREES",
    "Telescope.Declination": "DEGREES",
    "Telescope.DestinationSideOfPier": "DESTINATION_SIDE_OF_PIER",
    "Telescope.SiderealTime": "HOURS",
    "Telescope.SiteLatitude": "DEGREES",
    "Telescope.SiteLongitude": "DEGREES",
    "Telescope.SlewSettleTime": "SECONDS",
    "Telescope.TargetDeclination": "DEGREES",
    "Telescope.TargetRightAscension": "HOURS",
}

# Member names for paths whose operations link to no definition and have no
# parameter of the same name.  The current definition needs none; a new entry
# here is a spec oddity worth a note in the commit.
FALLBACK_NAMES = {}

LINK_RE = re.compile(r"\]\([^)\s]*#([A-Za-z]+)\.([A-Za-z0-9]+)\)")
SINCE_INTERFACE_RE = re.compile(r"`I([A-Za-z]+)V([0-9]+) and later`")
SINCE_PLATFORM_RE = re.compile(r"`Platform ([0-9]+) onward\.?`")
# Anything that looks like a version marker must be one of the two above.
MARKER_HINT_RE = re.compile(r"and later|onward|[Ii]ntroduced in|[Ss]ince (?:I|[Pp]latform)")


class SpecError(Exception):
    pass


def resolve(spec, node):
    """Follow $ref chains to the object they name."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            raise SpecError(f"cannot follow $ref {ref!r}")
        seen.add(ref)
        target = spec
        for part in ref[2:].split("/"):
            if not isinstance(target, dict) or part not in target:
                raise SpecError(f"dangling $ref {ref!r}")
            target = target[part]
        node = target
    return node


def ref_name(node):
    if isinstance(node, dict) and "$ref" in node:
        return node["$ref"].rsplit("/", 1)[1]
    return None


def schema_properties(spec, schema, variants=False):
    """Ordered (name, schema) pairs of an object schema, allOf flattened.

    With variants, the properties of oneOf/anyOf branches are included too;
    without, such a schema is an error (a form has one fixed set of fields).
    """
    schema = resolve(spec, schema)
    props = []
    for part in schema.get("allOf", []):
        props.extend(schema_properties(spec, part, variants))
    for key in ("oneOf", "anyOf"):
        if key not in schema:
            continue
        if not variants:
            raise SpecError(f"{key} in a request body is not supported")
        for part in schema[key]:
            props.extend(schema_properties(spec, part, variants))
    props.extend(schema.get("properties", {}).items())
    return props


def op_description(op):
    return (op.get("summary") or "") + "\n" + (op.get("description") or "")


class Generator:
    def __init__(self, spec):
        self.spec = spec
        self.notes = []
        self.used_name_formats = set()
        self.unnamed = []

    def note(self, text):
        # Common members are visited once per device type; say things once.
        if text not in self.notes:
            self.notes.append(text)

    # Names ---------------------------------------------------------------

    def member_name(self, path, segment, ops, params_by_method):
        candidates = set()
        for op in ops.values():
            for _, name in LINK_RE.findall(op_description(op)):
                if name.lower() == segment:
                    candidates.add(name)
        if len(candidates) > 1:
            raise SpecError(f"{path}: links disagree on the casing: {sorted(candidates)}")
        if candidates:
            return candidates.pop()

        for params in params_by_method.values():
            for param in params:
                if param[0].lower() == segment:
                    self.note(f"{path}: name taken from its parameter {param[0]}")
                    return param[0]

        if segment in FALLBACK_NAMES:
            self.note(f"{path}: name taken from the fallback map")
            return FALLBACK_NAMES[segment]

        self.unnamed.append(path)
        return segment

    # Types and formats ---------------------------------------------------

    def name_format(self, keys):
        for key in keys:
            if key in NAME_FORMATS:
                self.used_name_formats.add(key)
                return NAME_FORMATS[key]
        return None

    def param_type(self, where, schema):
        schema_ref = ref_name(schema)
        schema = resolve(self.spec, schema)
        kind = schema.get("type")
        types = {"boolean": "BOOL", "integer": "INT", "number": "DOUBLE", "string": "STRING"}
        if kind not in types:
            raise SpecError(f"{where}: unsupported parameter type {kind!r}")
        fmt = None
        if schema_ref is not None:
            if schema_ref not in SCHEMA_FORMATS:
                raise SpecError(f"{where}: unknown parameter schema {schema_ref!r}")
            fmt = SCHEMA_FORMATS[schema_ref]
        return types[kind], fmt

    def params(self, path, method, op):
        params = []
        for param in op.get("parameters", []):
            param = resolve(self.spec, param)
            name = param.get("name")
            if name in HIDDEN_PARAMS:
                continue
            if param.get("in") != "query":
                raise SpecError(f"{path} {method}: parameter {name!r} is not in the query")
            params.append((name,) + self.param_type(f"{path} {name}", param.get("schema", {})))

        body = op.get("requestBody")
        if body is not None:
            if method != "put":
                raise SpecError(f"{path} {method}: a request body outside PUT")
            content = resolve(self.spec, body).get("content", {})
            form = content.get("application/x-www-form-urlencoded")
            if form is None or len(content) != 1:
                raise SpecError(f"{path}: the request body is not a plain form")
            for name, schema in schema_properties(self.spec, form["schema"]):
                if name in HIDDEN_PARAMS:
                    continue
                params.append((name,) + self.param_type(f"{path} {name}", schema))

        names = [p[0].lower() for p in params]
        if len(set(names)) != len(names):
            raise SpecError(f"{path} {method}: duplicate parameters {names}")
        return params

    def value_type(self, path, method, op):
        response = op.get("responses", {}).get("200")
        kind = ref_name(response)
        if kind is None:
            raise SpecError(f"{path} {method}: the 200 response is not a $ref")
        if kind not in RESPONSES:
            raise SpecError(f"{path} {method}: unknown response {kind!r}; map it in RESPONSES")
        value_type, fmt = RESPONSES[kind]

        # Cross-check the mapping against the shape of Value.
        schema = resolve(self.spec, response)["content"]["application/json"]["schema"]
        value = None
        for name, prop in schema_properties(self.spec, schema, variants=True):
            if name == "Value":
                value = resolve(self.spec, prop)
        if value_type == "NONE" and value is not None:
            raise SpecError(f"{kind}: mapped to NONE but it has a Value")
        expected = VALUE_JSON_TYPES.get(value_type)
        if expected is not None and (value is None or value.get("type") != expected):
            raise SpecError(f"{kind}: mapped to {value_type} but Value is not {expected}")
        return value_type, fmt

    def since_version(self, path, type_name, platform7, op):
        text = op_description(op)
        versions = set()
        for iface, number in SINCE_INTERFACE_RE.findall(text):
            if iface.lower() != type_name.lower():
                raise SpecError(f"{path}: marker for I{iface} on a {type_name} member")
            versions.add(int(number))
        for number in SINCE_PLATFORM_RE.findall(text):
            if number != "7":
                raise SpecError(f"{path}: no interface versions known for Platform {number}")
            versions.add(platform7)
        stripped = SINCE_PLATFORM_RE.sub("", SINCE_INTERFACE_RE.sub("", text))
        if MARKER_HINT_RE.search(stripped):
            raise SpecError(f"{path}: unrecognised version marker: "
                            f"{MARKER_HINT_RE.search(stripped).group(0)!r}")
        if len(versions) > 1:
            raise SpecError(f"{path}: conflicting version markers {sorted(versions)}")
        return versions.pop() if versions else 1

    # Tables --------------------------------------------------------------

    def device_type_names(self):
        enum = resolve(self.spec, self.spec["components"]["parameters"]["device_type"])
        names = enum["schema"]["enum"]
        for name in names:
            if name not in DEVICE_TYPES:
                raise SpecError(f"unknown device type {name!r}; add it to DEVICE_TYPES")
        if set(names) != set(DEVICE_TYPES):
            raise SpecError(f"device types differ: {sorted(set(DEVICE_TYPES) - set(names))}")
        return names

    def build(self):
        type_names = self.device_type_names()
        # Map every reply shape the definition declares, not only those in use today.
        for kind in self.spec["components"].get("responses", {}):
            if not kind.isdigit() and kind not in RESPONSES:
                raise SpecError(f"unknown response component {kind!r}; map it in RESPONSES")
        for path in self.spec["paths"]:
            parts = path.split("/")
            if len(parts) != 4 or parts[0] != "" or parts[2] != "{device_number}":
                raise SpecError(f"unexpected path shape {path!r}")

        # Spelling of each type in the links, e.g. "CoverCalibrator".
        camel_types = {}
        common = []
        specific = {name: [] for name in type_names}
        for path, ops in self.spec["paths"].items():
            _, owner, _, segment = path.split("/")
            if not re.fullmatch(r"[a-z0-9]+", segment):
                raise SpecError(f"{path}: the member segment is not lowercase")
            if owner != "{device_type}" and owner not in specific:
                raise SpecError(f"{path}: unknown device type {owner!r}")
            for method in ops:
                if method not in ("get", "put"):
                    raise SpecError(f"{path}: unsupported method {method!r}")
            entry = (path, owner, segment, ops)
            if owner == "{device_type}":
                common.append(entry)
            else:
                specific[owner].append(entry)
                for op in ops.values():
                    for link_type, _ in LINK_RE.findall(op_description(op)):
                        if link_type.lower() == owner:
                            camel_types[owner] = link_type

        tables = {}
        for type_name in type_names:
            if type_name not in camel_types:
                raise SpecError(f"no links give the spelling of {type_name!r}")
            tables[type_name] = self.members(type_name, camel_types[type_name],
                                             common + specific[type_name])
        if self.unnamed:
            raise SpecError("no CamelCase name for these paths; add them to FALLBACK_NAMES: "
                            + ", ".join(sorted(set(self.unnamed))))
        unused = set(NAME_FORMATS) - self.used_name_formats
        for key in sorted(unused):
            self.note(f"format entry {key} matches no member")
        return type_names, tables

    def members(self, type_name, camel_type, entries):
        _, platform7 = DEVICE_TYPES[type_name]
        members = []
        for path, owner, segment, ops in entries:
            params_by_method = {m: self.params(path, m, op) for m, op in ops.items()}
            name = self.member_name(path, segment, ops, params_by_method)
            if name.lower() != segment:
                raise SpecError(f"{path}: name {name!r} does not match the path")
            if not name[0].isupper():
                raise SpecError(f"{path}: name {name!r} is not CamelCase")
            prefix = "common" if owner == "{device_type}" else type_name
            for method, op in ops.items():
                value_type, fmt = self.value_type(path, method, op)
                if value_type != "NONE":
                    fmt = self.name_format([f"{camel_type}.{name}", f"*.{name}"]) or fmt
                params = []
                for pname, ptype, pfmt in params_by_method[method]:
                    keys = [f"{camel_type}.{name}.{pname}", f"{camel_type}.{pname}", f"*.{pname}"]
                    pfmt = self.name_format(keys) or pfmt or "PLAIN"
                    params.append((pname, ptype, pfmt))
                members.append({
                    "name": name,
                    "method": method,
                    "value_type": value_type,
                    "format": fmt or "PLAIN",
                    "since": self.since_version(path, camel_type, platform7, op),
                    "params": params,
                    "params_symbol": f"{prefix}_{segment}_params" if params else None,
                })

        members.sort(key=lambda m: (m["name"].lower(), m["method"] != "get"))
        seen = {}
        for m in members:
            key = (m["name"].lower(), m["method"])
            if key in seen:
                raise SpecError(f"{type_name}: {m['name']} {m['method']} is defined twice")
            seen[key] = m
        return members


# Output --------------------------------------------------------------------

COLUMN_LIMIT = 100


def c_string(text):
    if not re.fullmatch(r"[A-Za-z0-9_]+", text):
        raise SpecError(f"refusing to emit {text!r} as a C string")
    return f'"{text}"'


def emit(spec_name, type_names, tables):
    out = []
    out.append("/* SPDX-License-Identifier: GPL-3.0-or-later */")
    out.append("/* Generated by tools/gen-members.py from the ASCOM Alpaca Device API")
    out.append(f" * definition ({spec_name}). Do not edit: change the generator and run it again. */")
    out.append('#define G_LOG_DOMAIN "cria-alpaca"')
    out.append("")
    out.append('#include "cria-member-private.h"')

    # Parameter lists, once per path: common members are shared by all types.
    lists = {}
    for group, type_name in enumerate(type_names, start=1):
        for m in tables[type_name]:
            symbol = m["params_symbol"]
            if symbol is None:
                continue
            if symbol in lists and lists[symbol][1] != m["params"]:
                raise SpecError(f"two parameter lists would be called {symbol}")
            common = symbol.startswith("common_")
            lists[symbol] = (0 if common else group, m["params"])
    for symbol in sorted(lists, key=lambda s: (lists[s][0], s)):
        out.append("")
        out.append(f"static const CriaParamSpec {symbol}[] = {{")
        for pname, ptype, pfmt in lists[symbol][1]:
            out.append(f"  {{ {c_string(pname)}, CRIA_VALUE_{ptype}, CRIA_FORMAT_{pfmt} }},")
        out.append("};")

    for type_name in type_names:
        out.append("")
        out.append(f"static const CriaMember {type_name}_members[] = {{")
        for m in tables[type_name]:
            head = (f"{c_string(m['name'])}, CRIA_HTTP_{m['method'].upper()}, "
                    f"CRIA_VALUE_{m['value_type']}, CRIA_FORMAT_{m['format']},")
            tail = f"{m['since']}, {len(m['params'])}, {m['params_symbol'] or 'NULL'}"
            line = f"  {{ {head} {tail} }},"
            if len(line) <= COLUMN_LIMIT:
                out.append(line)
            else:
                out.append("  {")
                out.append(f"    {head}")
                out.append(f"    {tail},")
                out.append("  },")
        out.append("};")

    out.append("")
    out.append("const CriaMemberTable cria_member_tables[CRIA_N_DEVICE_TYPES] = {")
    for type_name in type_names:
        enum, _ = DEVICE_TYPES[type_name]
        entry = f"{{ {type_name}_members, G_N_ELEMENTS ({type_name}_members) }},"
        line = f"  [{enum}] = {entry}"
        if len(line) <= COLUMN_LIMIT:
            out.append(line)
        else:
            out.append(f"  [{enum}] =")
            out.append(f"    {entry}")
    out.append("};")
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: gen-members.py AlpacaDeviceAPI_v1.yaml OUTPUT.c\n")
        return 2
    spec_path, out_path = argv[1], argv[2]
    try:
        with open(spec_path, encoding="utf-8") as f:
            spec = yaml.safe_load(f)
        gen = Generator(spec)
        type_names, tables = gen.build()
        text = emit(os.path.basename(spec_path), type_names, tables)
    except (OSError, yaml.YAMLError, SpecError, KeyError, TypeError) as e:
        sys.stderr.write(f"gen-members.py: {spec_path}: {e}\n")
        return 1

    for note in gen.notes:
        sys.stderr.write(f"gen-members.py: note: {note}\n")

    tmp_path = out_path + ".tmp"
    with open(tmp_path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp_path, out_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
