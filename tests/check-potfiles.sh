#!/bin/sh
# Every source file with translatable strings must be listed in po/POTFILES.in, and every
# listed file must exist.
set -eu
top=$1
status=0
listed=$(grep -v '^#' "$top/po/POTFILES.in" | sed '/^$/d')

for file in $listed; do
  if [ ! -f "$top/$file" ]; then
    echo "po/POTFILES.in lists $file, which does not exist"
    status=1
  fi
done

cd "$top"
for file in $(grep -rlE '(^|[^A-Za-z0-9_])N?_\(|translatable="yes"' src data --include='*.c' --include='*.ui' --include='*.in' --include='*.xml' | sort); do
  if ! printf '%s\n' $listed | grep -qx "$file"; then
    echo "$file has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done
exit $status
