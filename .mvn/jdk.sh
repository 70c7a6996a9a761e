# Sourced by ./mvnw and ./vigil: finds a JDK of at least $1 (a feature release, e.g. 21) and prints its home.
# Order: JAVA_HOME if new enough, the javac on PATH if new enough, else the newest JDK under the usual roots.
# No one has to set JAVA_HOME.

java_feature() { # prints the feature release of the JDK whose home is $1, or 0
  local rel="$1/release"
  [ -x "$1/bin/javac" ] || { echo 0; return; }
  if [ -f "$rel" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel" | head -1
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
  fi
}

find_jdk() {
  local min_java="$1"
  if [ -n "${JAVA_HOME:-}" ] && [ "$(java_feature "$JAVA_HOME")" -ge "$min_java" ] 2>/dev/null; then
    echo "$JAVA_HOME"; return
  fi
  if command -v javac >/dev/null 2>&1; then
    local home; home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if [ "$(java_feature "$home")" -ge "$min_java" ] 2>/dev/null; then echo "$home"; return; fi
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$d" ] || continue
    [ -L "$d" ] && continue
    v=$(java_feature "$d"); v=${v:-0}
    if [ "$v" -ge "$min_java" ] 2>/dev/null && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "no JDK $min_java or newer found; install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME" >&2
    return 1
  fi
  echo "$best"
}
