"""Checks that the settings the services read, the variables infra/compose.yaml passes them and
.env.example agree (run by infra/test/settings.bats with Debian's python3 and python3-yaml):

- every ${VAR} a service's application.properties reads is passed to it by compose, or is
  documented in .env.example as read only outside containers (a commented "# VAR=" line);
- compose passes a service nothing it does not read (except the few named below, with why);
- every variable compose interpolates, and every one a service reads, is in .env.example, and
  every active line of .env.example is interpolated by compose (so it reaches a container);
- a default written in compose (${VAR:-x}) is the service's own default (${VAR:x}).

Prints one line per problem and exits 1 if there is any.
Usage: python3 infra/test/settings_coverage.py REPOSITORY_ROOT
"""
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(sys.argv[1])
MODULES = ["storefront", "notifier", "backup-agent", "monitor-agent", "deploy-hook"]
# Passed although no application.properties names them, and why.
READ_ELSEWHERE = {
    ("monitor-agent", "DOCKER_HOST"): "read by the Docker client library (docker-java), not by a property",
}
# Read by Compose itself, not by a service.
COMPOSE_OWN = {"COMPOSE_PROFILES"}

problems = []

# ${NAME} or ${NAME:default} in a property value, NAME in upper case (an environment variable).
PROPERTY_REF = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(?::([^}]*))?\}")
# ${NAME}, ${NAME:-default}, ${NAME:?message} in compose.yaml.
COMPOSE_REF = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(?:(:-|:\?|-|\?)([^}]*))?\}")


def reads(module):
    """{VAR: default or None} read by the module's application.properties outside %profiles."""
    found = {}
    for line in (ROOT / module / "src/main/resources/application.properties").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("%"):
            continue
        for ref in PROPERTY_REF.finditer(line.split("=", 1)[1] if "=" in line else ""):
            found[ref.group(1)] = ref.group(2)  # None when the reference has no default
    return found


def env_example():
    active, commented = set(), set()
    for line in (ROOT / ".env.example").read_text().splitlines():
        m = re.match(r"^([A-Z][A-Z0-9_]*)=", line)
        if m:
            active.add(m.group(1))
        m = re.match(r"^#\s*([A-Z][A-Z0-9_]*)=", line)
        if m:
            commented.add(m.group(1))
    return active, commented


compose_text = (ROOT / "infra/compose.yaml").read_text()
compose = yaml.safe_load(compose_text)
interpolated = {}
compose_code = "\n".join(line for line in compose_text.splitlines() if not line.lstrip().startswith("#"))
for name, kind, value in COMPOSE_REF.findall(compose_code):
    interpolated.setdefault(name, set()).add(value if kind == ":-" else None)
active, commented = env_example()
documented = active | commented

for module in MODULES:
    service = compose["services"].get(module)
    if service is None:
        problems.append(f"compose.yaml has no service {module}")
        continue
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    read = reads(module)
    for name, default in sorted(read.items()):
        if name not in documented:
            problems.append(f"{module} reads {name}, which .env.example does not document")
        if name not in env and name not in commented:
            problems.append(f"{module} reads {name} but compose.yaml does not pass it (or mark it '# {name}=' in .env.example as outside containers only)")
        if name in env:
            m = COMPOSE_REF.fullmatch(str(env[name]))
            if m and m.group(2) == ":-" and default is not None and m.group(3) != default:
                problems.append(f"{module}: {name}'s default in compose.yaml is '{m.group(3)}' but the service's is '{default}'")
        if name in commented and name in interpolated:
            problems.append(f".env.example marks {name} as outside containers only, but compose.yaml takes it from the settings file")
    for name in sorted(env):
        if name not in read and (module, name) not in READ_ELSEWHERE:
            problems.append(f"compose.yaml passes {name} to {module}, which never reads it")

for name in sorted(interpolated):
    if name not in documented:
        problems.append(f"compose.yaml uses {name}, which .env.example does not document")
for name in sorted(active):
    if name not in interpolated and name not in COMPOSE_OWN:
        problems.append(f".env.example sets {name}, but compose.yaml never passes it on: it would reach no container")

for p in problems:
    print(p)
if problems:
    sys.exit(1)
print(f"settings agree: {len(active)} variables in .env.example, {len(interpolated)} used by compose.yaml, "
      f"{sum(len(reads(m)) for m in MODULES)} read by the services")
