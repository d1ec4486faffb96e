#!/usr/bin/env bash
# The hostile probe of issue 10, repeatable: every reproduction of the issue's "Why" section run
# against a built `tandem`, each outcome checked. Prints one line per case and a summary; exits 1
# when any case fails.
#
# usage: Tests/probe/probe.sh [TANDEM_BINARY] [--fast]
#   TANDEM_BINARY  default .build/release/tandem
#   --fast         skip the slow cases (the 400 KB team name, 40 concurrent runs, signals)
# Everything is written under a temporary folder, removed afterwards.
set -u
T=${1:-.build/release/tandem}
FAST=0
[ "${2:-}" = "--fast" ] && FAST=1
[ "${1:-}" = "--fast" ] && { FAST=1; T=.build/release/tandem; }
[ -x "$T" ] || { echo "probe: no tandem binary at $T (swift build -c release --product tandem)" >&2; exit 64; }
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=$ROOT/Examples/Brightwell
W=$(mktemp -d "${TMPDIR:-/tmp}/tandem-probe.XXXXXX")
trap 'chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT
cd "$W" || exit 70
cp "$B/plan.yaml" plan.yaml
mkdir actuals && cp "$B"/actuals/*.csv actuals/

PASS=0
FAILED=0
FAILS=()
report() { # name, ok(0/1), detail
    if [ "$2" = 0 ]; then
        PASS=$((PASS + 1))
        printf 'PASS  %-46s %s\n' "$1" "$3"
    else
        FAILED=$((FAILED + 1))
        FAILS+=("$1")
        printf 'FAIL  %-46s %s\n' "$1" "$3"
    fi
}

# run NAME EXPECTED_EXIT PATTERN CMD...: the command exits EXPECTED_EXIT within 60 s (never by a
# signal) and its combined output matches the extended regular expression PATTERN.
run() {
    local name=$1 want=$2 pattern=$3
    shift 3
    timeout 60 "$@" > out.txt 2>&1
    local rc=$?
    local first
    first=$(grep -m1 -E 'error' out.txt | cut -c1-110)
    [ -n "$first" ] || first=$(head -1 out.txt | cut -c1-110)
    if [ "$rc" != "$want" ]; then
        report "$name" 1 "exit $rc, expected $want: $first"
    elif ! grep -qE -- "$pattern" out.txt; then
        report "$name" 1 "exit $rc but output lacks /$pattern/: $first"
    else
        report "$name" 0 "exit $rc: $first"
    fi
}

# variant FILE FROM TO: plan.yaml with the first FROM replaced by TO (a literal string), as FILE.
variant() {
    python3 - "$1" "$2" "$3" <<'EOF'
import sys
out, a, b = sys.argv[1:4]
s = open("plan.yaml", encoding="utf-8").read()
assert a in s, a
open(out, "w", encoding="utf-8").write(s.replace(a, b, 1))
EOF
}

LOC='[A-Za-z0-9_.-]+\.yaml:[0-9]+:[0-9]+: error:'

# bad_plan NAME FROM TO [EXTRA]: `validate` of plan.yaml with FROM replaced by TO exits 1 with an
# error at a line and column of the changed plan, followed by /EXTRA/.
bad_plan() {
    variant p-case.yaml "$2" "$3"
    run "$1" 1 "$LOC${4:-}" "$T" validate p-case.yaml
}

# bad_actuals NAME FILE EXTRA CONTENT [OPTION...]: `validate` with FILE holding CONTENT (a printf
# format) exits 1 with an error at FILE's bad row (line 2; line 1 for JSON), followed by /EXTRA/.
bad_actuals() {
    local name=$1 file=$2 extra=$3 content=$4
    shift 4
    mkdir -p "$(dirname "$file")"
    # shellcheck disable=SC2059
    printf "$content" > "$file"
    local line=2
    case $file in *.json) line=1 ;; esac
    local base
    base=$(basename "$file" | sed 's/\./\\./g')
    run "$name" 1 "$base:$line(:[0-9]+)?: error:$extra" "$T" validate plan.yaml --actuals "$file" "$@"
}
ALOC='\.(csv|json):[0-9]+(:[0-9]+)?: error:'

echo "== crashes and hangs: huge numbers"
bad_plan "plan count target 1e19" "target: 3600" "target: 1e19" ".*scientific notation"
bad_plan "plan currency target \$1e19" 'target: $4.2M' 'target: $1e19' ".*limit of ±1e15"
bad_plan "plan revenue_target \$1e30" 'revenue_target: $4.2M' 'revenue_target: $1e30'
bad_plan "plan rate 1e-300" "rate: 30%" "rate: 1e-300"
bad_plan "plan at_least 1e20" "at_least: 600" "at_least: 1e20"
bad_plan "plan at_least, a 22-digit integer" "at_least: 600" "at_least: 1000000000000000000000" ".*limit of ±1e15"
variant p-phasing.yaml "        target: 3600
" "        target: 3600
        phasing: {2026-07: 1e20}
"
run "plan phasing 1e20" 1 "$LOC" "$T" validate p-phasing.yaml
bad_actuals "actuals CSV 1e20" big/wide.csv "" 'period,leads,mqls\n2026-07,1e20,600\n'
bad_actuals "actuals CSV 30-digit integer" big/digits.csv "" 'period,leads,mqls\n2026-07,123456789012345678901234567890,600\n'
bad_actuals "actuals JSON 1e20" big/huge.json "" \
    '{"tandem": 1, "observations": [{"period": "2026-07", "metric": "leads", "value": 1e20}]}\n'
bad_actuals "actuals JSON 30-digit integer" big/digits.json "" \
    '{"tandem": 1, "observations": [{"period": "2026-07", "metric": "leads", "value": 123456789012345678901234567890}]}\n'
mkdir -p big num
printf 'period,leads,mqls\n2026-07,999999999999999,600\n' > big/ceiling.csv
run "actuals at the ceiling 999999999999999" 0 "" "$T" digest plan.yaml --actuals big/ceiling.csv

echo "== crashes and hangs: long team names"
long_name() { # FILE LENGTH
    python3 - "$1" "$2" <<'EOF'
import sys
out, n = sys.argv[1], int(sys.argv[2])
s = open("plan.yaml", encoding="utf-8").read()
s = s.replace("name: Marketing\n", "name: " + "M" * n + "\n", 1)
open(out, "w", encoding="utf-8").write(s)
EOF
}
timed() { # NAME LIMIT_SECONDS CMD...: exit 0 within LIMIT seconds
    local name=$1 limit=$2
    shift 2
    local start end rc
    start=$(date +%s.%N)
    timeout 120 "$@" > out.txt 2>&1
    rc=$?
    end=$(date +%s.%N)
    local secs
    secs=$(python3 -c "print(f'{$end - $start:.2f}')")
    if [ "$rc" = 0 ] && python3 -c "import sys; sys.exit(0 if $secs <= $limit else 1)"; then
        report "$name" 0 "exit 0 in ${secs} s (limit ${limit} s)"
    else
        report "$name" 1 "exit $rc in ${secs} s (limit ${limit} s): $(head -c 100 out.txt)"
    fi
}
long_name p-long40k.yaml 40000
timed "digest, 40,000-character team name" 5 "$T" digest p-long40k.yaml --actuals actuals
if [ "$FAST" = 0 ]; then
    long_name p-long400k.yaml 400000
    timed "digest, 400 KB team name" 10 "$T" digest p-long400k.yaml --actuals actuals
    mkdir -p out-long
    timed "review (all formats), 400 KB team name" 20 "$T" review p-long400k.yaml --actuals actuals --out out-long
fi

echo "== outputs lost, damaged or clobbered"
sums() { (cd "$1" && sha256sum tandem-2026-11.* 2>/dev/null | sort) }
# A rename that fails mid-commit (its target is a non-empty folder) leaves the earlier set.
mkdir -p out-rename
"$T" review plan.yaml --actuals actuals --out out-rename > /dev/null 2>&1
rm out-rename/tandem-2026-11.md && mkdir -p out-rename/tandem-2026-11.md/keep
before=$(sums out-rename)
sed 's/^2026-11,2390,745,3$/2026-11,2391,746,3/' actuals/marketing-automation.csv > ma.csv
mkdir -p actuals2 && cp actuals/crm-export.csv actuals2/ && cp ma.csv actuals2/marketing-automation.csv
run "rename fails mid-commit: exit 74" 74 "tandem-2026-11\.md" "$T" review plan.yaml --actuals actuals2 --out out-rename
after=$(sums out-rename)
leftover=$(find out-rename -name '.tandem-*' | head -3)
[ "$before" = "$after" ] && [ -z "$leftover" ]
report "rename fails mid-commit: earlier set intact" $? "$(echo "$after" | wc -l) files unchanged, leftovers: ${leftover:-none}"

# Symlinks planted at old temp names and at the final names never redirect a write.
mkdir -p out-link
echo victim > victim.txt
for pid in $(seq $(($$ + 1)) $(($$ + 400))); do
    for ext in xlsx txt md json csv; do ln -s "$W/victim.txt" "out-link/.tandem-2026-11.$ext.tmp-$pid-0" 2>/dev/null; done
done
ln -s "$W/victim.txt" out-link/tandem-2026-11.txt
"$T" review plan.yaml --actuals actuals --out out-link > out.txt 2>&1
rc=$?
[ "$rc" = 0 ] && [ "$(cat victim.txt)" = victim ] && [ ! -L out-link/tandem-2026-11.txt ]
report "planted symlinks at temp and final names" $? "exit $rc, victim $(cat victim.txt | head -c 20)"

# Two concurrent runs into one folder always leave one complete set.
mkdir -p ref-a ref-b
"$T" review plan.yaml --actuals actuals --out ref-a > /dev/null 2>&1
"$T" review plan.yaml --actuals actuals2 --out ref-b > /dev/null 2>&1
A=$(sums ref-a)
Bs=$(sums ref-b)
pairs=40
[ "$FAST" = 1 ] && pairs=5
mixed=0
for i in $(seq 1 $pairs); do
    d=out-race-$i
    mkdir -p "$d"
    "$T" review plan.yaml --actuals actuals --out "$d" > /dev/null 2>&1 &
    "$T" review plan.yaml --actuals actuals2 --out "$d" > /dev/null 2>&1 &
    wait
    s=$(sums "$d")
    if [ "$s" != "$A" ] && [ "$s" != "$Bs" ]; then mixed=$((mixed + 1)); fi
    if find "$d" -name '.tandem-stage-*' | grep -q .; then mixed=$((mixed + 1)); fi
    rm -rf "$d"
done
[ "$mixed" = 0 ]
report "two concurrent runs into one --out (x$pairs)" $? "$mixed mixed or unclean sets"

# Standard output that cannot be written is exit 74 with a message.
FULL=(bash -c 'exec "$@" > /dev/full' full)
if [ -w /dev/full ]; then
    run "digest > /dev/full" 74 "cannot write to standard output" "${FULL[@]}" "$T" digest plan.yaml --actuals actuals
    run "validate > /dev/full" 74 "cannot write to standard output" "${FULL[@]}" "$T" validate plan.yaml --actuals actuals
    run "plan > /dev/full" 74 "cannot write to standard output" "${FULL[@]}" "$T" plan plan.yaml
    mkdir -p out-full
    run "review summary > /dev/full" 74 "cannot write to standard output" \
        "${FULL[@]}" "$T" review plan.yaml --actuals actuals --out out-full
fi

# Past `ulimit -f` the write fails with a message (no SIGXFSZ death), leaving no temp files.
mkdir -p out-ulimit
( ulimit -f 20; "$T" review plan.yaml --actuals actuals --out out-ulimit ) > out.txt 2>&1
rc=$?
left=$(find out-ulimit -mindepth 1 | head -3)
[ "$rc" = 74 ] && grep -q "error:" out.txt && [ -z "$left" ]
report "ulimit -f 20" $? "exit $rc: $(grep -m1 error out.txt | cut -c1-80); left: ${left:-nothing}"

# SIGINT / SIGTERM / SIGHUP mid-write: the run's staging folder is removed, the earlier set kept.
if [ "$FAST" = 0 ]; then
    python3 - <<'EOF'
import random
random.seed(7)
with open("big-actuals.csv", "w") as f:
    f.write("period,metric,value,team,segment\n")
    for m in range(7, 12):
        for s in range(60000):
            f.write(f"2026-{m:02d},leads,{random.randint(0, 9)},marketing,s{s}\n")
EOF
    for sig in INT TERM HUP; do
        d=out-sig-$sig
        mkdir -p "$d"
        "$T" review plan.yaml --actuals actuals --out "$d" > /dev/null 2>&1
        before=$(sums "$d")
        "$T" review plan.yaml --actuals big-actuals.csv --out "$d" > out.txt 2>&1 &
        pid=$!
        sleep 1.5
        kill -s "$sig" "$pid"
        wait "$pid"
        rc=$?
        after=$(sums "$d")
        left=$(find "$d" -name '.tandem-*' | head -3)
        case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
        { [ "$rc" = "$want" ] || [ "$rc" = 0 ]; } && [ -z "$left" ] \
            && { [ "$before" = "$after" ] || [ "$rc" = 0 ]; }
        report "SIG$sig mid-run" $? "exit $rc (want $want), leftovers: ${left:-none}"
    done
fi

# The plan name in docProps: control characters, U+FFFE and `_x0041_` give a valid workbook.
python3 - <<'EOF'
s = open("plan.yaml", encoding="utf-8").read()
s = s.replace("name: Brightwell FY2026 H2 shared plan", 'name: "Bright\\x01well \\uFFFE _x0041_ plan"', 1)
open("p-name.yaml", "w", encoding="utf-8").write(s)
EOF
mkdir -p out-name
"$T" review p-name.yaml --actuals actuals --out out-name --format xlsx > out.txt 2>&1
rc=$?
python3 - out-name/tandem-2026-11.xlsx > check.txt 2>&1 <<'EOF'
import sys, zipfile, xml.dom.minidom
z = zipfile.ZipFile(sys.argv[1])
for part in z.namelist():
    if part.endswith(".xml") or part.endswith(".rels"):
        xml.dom.minidom.parseString(z.read(part))
core = z.read("docProps/core.xml").decode()
assert "_x005F_x0041_" in core, "the plan name's _x0041_ is not escaped in core.xml"
assert "\ufffe" not in core and "\x01" not in core
print("valid")
EOF
[ "$rc" = 0 ] && grep -qx valid check.txt
report "plan name with control char, U+FFFE, _x0041_" $? "exit $rc, $(tail -1 check.txt | cut -c1-80)"

echo "== silent wrong numbers"
bad_actuals "decimal comma + thousands '.': \$376000.00" num/dc.csv "" \
    'period;metric;value;team;segment\n2026-07;new_arr;$376000.00;sales;Enterprise\n' --decimal-comma --thousands .
bad_actuals "group sizes: 1,5 with --thousands ," num/g15.csv "" 'period,metric,value\n2026-07,leads,"1,5"\n' --thousands ,
bad_actuals "group sizes: 17,1 with --thousands ," num/g171.csv "" 'period,metric,value\n2026-07,leads,"17,1"\n' --thousands ,
bad_plan "plan target: 1,5" "target: 3600" "target: 1,5"
bad_plan "plan target: 3600% on a count" "target: 3600" "target: 3600%"
for sym in € £ ¥; do
    bad_actuals "$sym amount in a USD plan" num/cur.csv ".*USD" \
        "period,metric,value,team,segment\n2026-07,new_arr,${sym}376000,sales,Enterprise\n"
done
bad_actuals "subtotal row beside its segment rows" num/sub.csv ".*(total|twice)" \
    'period,metric,value,team,segment\n2026-07,sqls,244,sales,\n2026-07,sqls,171,sales,Mid-market\n2026-07,sqls,73,sales,Enterprise\n'
bad_actuals "Latin-1 byte in actuals" num/latin1.csv ".*UTF-8" 'period,metric,value,team,segment\n2026-07,sqls,171,sales,Z\xfcrich\n'
bad_actuals "truncated UTF-8 in actuals" num/utf8.csv "" 'period,metric,value,team,segment\n2026-07,sqls,171,sales,Z\xc3\n'
bad_actuals "2.31E+13 as a count" num/sci.csv "" 'period,metric,value\n2026-07,leads,2.31E+13\n'

# Strings from inputs are data in the CSV: "\n=1" is prefixed, NUL and C0 controls removed.
mkdir -p inj out-inj
cp actuals/marketing-automation.csv inj/
{
    printf 'period,metric,value,team,segment\n'
    printf '2026-07,sqls,171,sales,"\n=1+2"\n'
} > inj/crm.csv
"$T" review plan.yaml --actuals inj --out out-inj --format csv > out.txt 2>&1
rc=$?
python3 - out-inj/tandem-2026-11.csv > check.txt <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
seg = [r[4] for r in rows[1:] if r[1] == "sqls" and r[4]]
print("ok" if seg and all(s.startswith("'") for s in seg) else f"not prefixed: {seg[:2]!r}")
EOF
[ "$rc" = 0 ] && grep -q '^ok' check.txt
report "CSV injection: leading line feed \"\\n=1\"" $? "exit $rc, $(cat check.txt)"
mkdir -p jnul out-jnul
cp actuals/marketing-automation.csv jnul/
printf '{"tandem": 1, "observations": [{"period": "2026-07", "metric": "sqls", "value": 171, "team": "sales", "segment": "A\\u0000B\\u0007C"}]}\n' > jnul/crm.json
"$T" review plan.yaml --actuals jnul --out out-jnul --format csv > out.txt 2>&1
rc=$?
python3 - out-jnul/tandem-2026-11.csv > check.txt <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
bad = [c for c in data if c < 0x20 and c not in (9, 10, 13)]
print("ok" if not bad and b"ABC" in data else f"control bytes {bad[:5]}")
EOF
[ "$rc" = 0 ] && grep -q '^ok' check.txt
report "NUL and C0 controls from JSON in the CSV" $? "exit $rc, $(cat check.txt)"

echo "== memory and messages"
run "--actuals /dev/zero fails fast" 1 "/dev/zero.*(not a regular file|device)" "$T" validate plan.yaml --actuals /dev/zero
mkdir -p zero
printf 'period,leads,mqls\n2026-07,2050,0\n2026-08,2180,0\n2026-09,2240,0\n2026-10,2300,0\n2026-11,2390,0\n' > zero/ma.csv
cp actuals/crm-export.csv zero/
"$T" digest plan.yaml --actuals zero > out.txt 2>&1
rc=$?
! grep -qi "data sync: no data\|no data for 'MQLs'" out.txt
report "mqls = 0 is data, not 'no data'" $? "exit $rc"
mkdir -p out-dir-xlsx/tandem-2026-11.xlsx/keep
"$T" review plan.yaml --actuals actuals --out out-dir-xlsx > out.txt 2>&1
rc=$?
[ "$rc" = 74 ] && head -1 out.txt | grep -qE '^[^ ]*tandem-2026-11\.xlsx: error: ' \
    && ! grep -q 'workbook_close\|\[ERROR\]' out.txt
report "exit 74: Tandem's one line, not libxlsxwriter's" $? "exit $rc: $(head -1 out.txt | cut -c1-90)"
printf 'tandem: 1\nname: "Bad \xff here"\n' > p-utf8.yaml
run "invalid UTF-8 in the plan has line:col" 1 "p-utf8\.yaml:2:[0-9]+: error:" "$T" validate p-utf8.yaml
python3 -c "
s = open('plan.yaml').read().replace('title: Build a predictable pipeline together', 'title: Build ' + 'x' * 1000000 + ': a', 1)
open('p-longline.yaml', 'w').write(s)"
"$T" validate p-longline.yaml > out.txt 2>&1
rc=$?
longest=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' out.txt)
[ "$rc" = 1 ] && [ "$longest" -le 400 ]
report "caret line cut around the column" $? "exit $rc, longest output line $longest characters"
python3 -c "print('tandem: 1\nname: ' + '[' * 10000 + ']' * 10000)" > p-deep.yaml
run "deep nesting: a plain message" 1 "p-deep\.yaml:[0-9]+(:[0-9]+)?: error:" "$T" validate p-deep.yaml
if grep -qi "libyaml\|yaml_\|Yams\." out.txt; then report "deep nesting: no libyaml internals" 1 "$(head -1 out.txt)"; fi
mkdir -p stray && cp actuals/*.csv stray/ && echo x > stray/old.xlsx
run "stray .xlsx in an actuals folder is named" 0 "old\.xlsx.*skipped" "$T" validate plan.yaml --actuals stray
run "--period outside the cycle names the plan" 1 "plan\.yaml.*error:.*(outside|cycle)" "$T" review plan.yaml --actuals actuals --period 2027-03 --out out-period
mkdir -p two
printf 'period,leads,mqls\n2026-07,x,600\n' > two/a.csv
printf 'period,leads,mqls\n2026-08,y,600\n' > two/b.csv
"$T" validate plan.yaml --actuals two > out.txt 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q "a\.csv:2" out.txt && grep -q "b\.csv:2" out.txt
report "errors in two actuals files: both reported" $? "exit $rc, $(grep -c 'error:' out.txt) errors"
bad_plan "two funnel stages on one metric" "{id: mqls, name: MQLs, metric: mqls, rate: 30%}" "{id: mqls, name: MQLs, metric: leads, rate: 30%}"
bad_plan "plan rule reusing a built-in rule id" "id: mql-quality-review" "id: lead-quality" ".*lead-quality"
bad_plan "literal / 0 in a formula" "formula: sqls / mqls" "formula: sqls / 0"

echo "== hardening 3 (harden): the commit journal, decide, the previous review, streams, limits"
# Detect the test hooks of a debug build (TANDEM_TEST_CRASH_AT, TANDEM_TODAY); a release binary has none.
mkdir -p out-hook
"$T" review plan.yaml --actuals actuals --out out-hook --format txt > /dev/null 2>&1
TANDEM_TEST_CRASH_AT=journal-written "$T" review plan.yaml --actuals actuals --out out-hook --format txt > /dev/null 2>&1
rc=$?
HOOKS=0
[ "$rc" = 99 ] && HOOKS=1
rm -rf out-hook

# A FIFO at the journal's name is refused at once, never opened for reading (that would block).
mkdir -p out-fifo && mkfifo out-fifo/.tandem-journal
run "journal: a FIFO is refused, no hang" 74 "tandem-journal: error: .*FIFO" "$T" review plan.yaml --actuals actuals --out out-fifo
# A FIFO or a file at a staging folder's name is left alone; the run writes its set.
mkdir -p out-stagefifo && mkfifo "out-stagefifo/.tandem-stage-$(printf 'f%.0s' $(seq 32))"
echo keep > "out-stagefifo/.tandem-stage-$(printf 'e%.0s' $(seq 32))"
"$T" review plan.yaml --actuals actuals --out out-stagefifo --format txt > out.txt 2>&1
rc=$?
[ "$rc" = 0 ] && [ -p "out-stagefifo/.tandem-stage-$(printf 'f%.0s' $(seq 32))" ] \
    && [ "$(cat "out-stagefifo/.tandem-stage-$(printf 'e%.0s' $(seq 32))")" = keep ]
report "staging names that are not folders: left alone" $? "exit $rc"
# A planted journal naming another file deletes nothing (old format, and new format with wrong inodes).
for fmt in 1 2; do
    d=out-plant-$fmt
    st=".tandem-stage-$(printf 'a%.0s' $(seq 32))"
    mkdir -p "$d/$st/new" && chmod 700 "$d/$st" "$d/$st/new"
    echo victim > "$d/victim.txt"
    if [ $fmt = 1 ]; then
        printf 'tandem-journal 1\nstage %s\nfile victim.txt\n' "$st" > "$d/.tandem-journal"
    else
        printf 'tandem-journal 2\nstage %s\nfile 1 2 - victim.txt\n' "$st" > "$d/.tandem-journal"
    fi
    "$T" review plan.yaml --actuals actuals --out "$d" --format txt > out.txt 2>&1
    rc=$?
    [ "$(cat "$d/victim.txt" 2>/dev/null)" = victim ]
    report "journal v$fmt naming victim.txt: nothing deleted" $? "exit $rc: $(grep -m1 error out.txt | cut -c1-70)"
done
# A journal whose staging folder is a link never moves files from elsewhere into OUT.
mkdir -p out-stagelink elsewhere/old elsewhere/new
echo foreign > elsewhere/old/tandem-2026-11.txt
st=".tandem-stage-$(printf 'b%.0s' $(seq 32))"
ln -s "$W/elsewhere" "out-stagelink/$st"
printf 'tandem-journal 2\nstage %s\nfile 1 2 3 tandem-2026-11.txt\n' "$st" > out-stagelink/.tandem-journal
"$T" review plan.yaml --actuals actuals --out out-stagelink --format txt > out.txt 2>&1
rc=$?
[ "$rc" = 74 ] && [ -f elsewhere/old/tandem-2026-11.txt ] && [ ! -e out-stagelink/tandem-2026-11.txt ] \
    && grep -q "symbolic link" out.txt
report "journal whose stage is a link: refused" $? "exit $rc: $(grep -m1 error out.txt | cut -c1-70)"
# Another user's journal (root can plant one as nobody) is refused, not acted on.
if [ "$(id -u)" = 0 ]; then
    mkdir -p out-foreign
    printf 'tandem-journal 2\nstage .tandem-stage-%s\n' "$(printf 'c%.0s' $(seq 32))" > out-foreign/.tandem-journal
    chown 65534 out-foreign/.tandem-journal
    run "journal of another user: refused" 74 "another user" "$T" review plan.yaml --actuals actuals --out out-foreign
fi
# A read-only --out names the file asked for, not the staging folder.
mkdir -p out-ro && chmod 555 out-ro
"$T" review plan.yaml --actuals actuals --out out-ro > out.txt 2>&1
rc=$?
chmod 755 out-ro
[ "$rc" = 74 ] && grep -q "out-ro/tandem-2026-11\.[a-z]*: error: cannot write" out.txt && ! grep -q tandem-stage out.txt
report "read-only --out names the final path" $? "exit $rc: $(head -1 out.txt | cut -c1-80)"
# A run killed mid-commit, then a run that fails on its input: the earlier set is restored anyway.
if [ "$HOOKS" = 1 ]; then
    mkdir -p out-kill
    "$T" review plan.yaml --actuals actuals --out out-kill > /dev/null 2>&1
    before=$(sums out-kill)
    TANDEM_TEST_CRASH_AT=placed:tandem-2026-11.txt "$T" review plan.yaml --actuals actuals2 --out out-kill > /dev/null 2>&1
    killed=$?
    "$T" review plan.yaml --actuals no-such-folder --out out-kill > /dev/null 2>&1
    rc=$?
    [ "$killed" = 99 ] && [ "$rc" = 1 ] && [ "$(sums out-kill)" = "$before" ] && [ ! -e out-kill/.tandem-journal ]
    report "killed mid-commit, then failing input: rolled back" $? "killed $killed, then exit $rc"
fi

# decide: parallel runs each land; links followed; mode kept; read-only refused; ids checked.
mkdir -p dec && cp plan.yaml dec/plan.yaml && printf 'tandem: 1\ndecisions: []  # none yet\n' > dec/decisions.yaml
(cd dec && "$T" decide 2026-11 'transition:mqls>sqls' --accept --owner marketing > ../out.txt 2>&1)
report "decide: 'decisions: []' takes an entry" $? "$(head -1 out.txt | cut -c1-80)"
for i in $(seq 1 12); do (cd dec && "$T" decide 2026-11 plan:revenue --defer --owner sales --note "run $i" > /dev/null 2>&1) & done
wait
n=$(grep -c 'note: "run' dec/decisions.yaml)
[ "$n" = 12 ]
report "decide: 12 parallel runs, 12 entries" $? "$n entries"
chmod 640 dec/decisions.yaml
(cd dec && "$T" decide 2026-11 plan:revenue --defer --owner sales > /dev/null 2>&1)
[ "$(stat -c %a dec/decisions.yaml)" = 640 ]
report "decide: the log keeps its mode" $? "mode $(stat -c %a dec/decisions.yaml)"
chmod 444 dec/decisions.yaml
before=$(sha256sum < dec/decisions.yaml)
(cd dec && "$T" decide 2026-11 plan:revenue --defer --owner sales > ../out.txt 2>&1)
rc=$?
[ "$rc" = 74 ] && [ "$(stat -c %a dec/decisions.yaml)" = 444 ] && [ "$(sha256sum < dec/decisions.yaml)" = "$before" ] \
    && grep -q "read-only" out.txt
report "decide: a read-only log is refused, left read-only" $? "exit $rc: $(head -1 out.txt | cut -c1-70)"
chmod 644 dec/decisions.yaml
mv dec/decisions.yaml dec/shared.yaml && ln -s shared.yaml dec/decisions.yaml
n=$(grep -c 'period:' dec/shared.yaml)
(cd dec && "$T" decide 2026-11 plan:revenue --defer --owner sales > ../out.txt 2>&1)
rc=$?
[ "$rc" = 0 ] && [ -L dec/decisions.yaml ] && [ "$(grep -c 'period:' dec/shared.yaml)" = $((n + 1)) ]
report "decide: a symlinked log is followed, the link kept" $? "exit $rc: $(head -1 out.txt | cut -c1-80)"
run "decide: typo'd plan:<x>:<y> refused with known ids" 1 "did you mean 'plan:content'" \
    bash -c "cd dec && exec \"\$0\" decide 2026-11 plan:contnt:opportunities --defer --owner sales" "$T"
run "decide: unknown plan:content:<stage> refused" 1 "did you mean 'plan:content:opportunities'" \
    bash -c "cd dec && exec \"\$0\" decide 2026-11 plan:content:opportunity --defer --owner sales" "$T"
long=$(python3 -c 'print("s" * 100000)')
run "decide: a 100,000-character owner is a usage error" 64 "at most 200" \
    bash -c "cd dec && exec \"\$0\" decide 2026-11 plan:revenue --defer --owner \"\$1\"" "$T" "$long"
mkfifo dec/fifo.yaml
run "decide: a FIFO log is refused, no hang" 74 "fifo\.yaml: error: .*FIFO" \
    bash -c "cd dec && exec \"\$0\" decide 2026-11 plan:revenue --defer --owner sales --decisions fifo.yaml" "$T"

# Inputs that are FIFOs or devices are refused at once by every reader (the inputs' fingerprint too).
mkfifo in-fifo.csv in-fifo.json
run "review --actuals FIFO: refused, no hang" 1 "in-fifo\.csv: error: .*not a regular file" \
    "$T" review plan.yaml --actuals in-fifo.csv --out out-fifo-in
run "review --actuals /dev/zero: refused, no hang" 1 "/dev/zero: error: .*not a regular file" \
    "$T" review plan.yaml --actuals /dev/zero --out out-fifo-in
run "--previous FIFO: refused, no hang" 1 "in-fifo\.json: error: .*not a regular file" \
    "$T" digest plan.yaml --actuals actuals --previous in-fifo.json
run "--decisions FIFO: refused, no hang" 1 "in-fifo\.csv: error: .*not a regular file" \
    "$T" digest plan.yaml --actuals actuals --decisions in-fifo.csv

# The previous review: counts range-checked, compared only when of the same plan.
mkdir -p prev
"$T" review plan.yaml --actuals actuals --period 2026-09 --out prev --format json > /dev/null 2>&1
"$T" review plan.yaml --actuals actuals --period 2026-10 --out prev --format json > /dev/null 2>&1
python3 - <<'PYEOF'
import json
d = json.load(open("prev/tandem-2026-10.json"))
assert d["sinceLastReview"]["problems"], "no problems to tamper with"
big = json.loads(json.dumps(d))
for p in big["sinceLastReview"]["problems"]: p["streak"] = 9223372036854775807
json.dump(big, open("prev-streak.json", "w"))
neg = json.loads(json.dumps(d))
neg["headline"]["counts"][0]["count"] = -3
json.dump(neg, open("prev-count.json", "w"))
other = json.loads(json.dumps(d)); other["plan"]["name"] = "Another plan"
json.dump(other, open("prev-plan.json", "w"))
eur = json.loads(json.dumps(d)); eur["plan"]["currency"] = {"code": "EUR", "symbol": "€"}
json.dump(eur, open("prev-eur.json", "w"))
PYEOF
run "previous: streak near Int64.max refused, no trap" 1 "prev-streak\.json: error: .*streak" \
    "$T" digest plan.yaml --actuals actuals --previous prev-streak.json
run "previous: negative count refused" 1 "prev-count\.json: error: .*count" \
    "$T" digest plan.yaml --actuals actuals --previous prev-count.json
cp prev-streak.json prev/tandem-2026-10.json
run "previous in OUT with a huge streak: no trap" 0 "wrote prev/tandem-2026-11\.txt" \
    "$T" review plan.yaml --actuals actuals --out prev --format txt
grep -q "cannot be compared" prev/tandem-2026-11.txt
report "previous in OUT with a huge streak: the note in the digest" $? ""
run "previous of another plan: not compared, one note" 0 "is of another plan" \
    "$T" digest plan.yaml --actuals actuals --previous prev-plan.json
! grep -qi "restated\|restatement" out.txt || ! grep -q "RESTATED" out.txt
report "previous of another plan: no restatements listed" $? ""
run "previous in another currency: not compared" 0 "in another currency \(EUR, not USD\)" \
    "$T" digest plan.yaml --actuals actuals --previous prev-eur.json

# Standard output and error that cannot be written.
if [ -w /dev/full ]; then
    run "--help > /dev/full" 74 "cannot write to standard output" "${FULL[@]}" "$T" --help
    run "--version > /dev/full" 74 "cannot write to standard output" "${FULL[@]}" "$T" --version
    run "completion script > /dev/full" 74 "cannot write to standard output" \
        "${FULL[@]}" "$T" --generate-completion-script bash
    run "review --help > /dev/full" 74 "cannot write to standard output" "${FULL[@]}" "$T" review --help
    timeout 60 bash -c 'exec "$@" 2> /dev/full' x "$T" validate plan.yaml --actuals no-such-folder > /dev/null
    rc=$?
    [ "$rc" = 1 ]
    report "stderr > /dev/full: exit status kept, no trap" $? "exit $rc"
    timeout 60 bash -c 'exec "$@" > /dev/full 2> /dev/full' x "$T" digest plan.yaml --actuals actuals
    rc=$?
    [ "$rc" = 74 ]
    report "stdout and stderr both full: exit 74, no trap" $? "exit $rc"
fi
timeout 60 bash -c 'exec "$@" 2>&-' x "$T" validate plan.yaml --actuals no-such-folder > /dev/null
rc=$?
[ "$rc" = 1 ]
report "stderr closed (2>&-): exit status kept, no trap" $? "exit $rc"
timeout 60 bash -c 'exec "$@" >&- 2>/dev/null' x "$T" digest plan.yaml --actuals actuals
rc=$?
[ "$rc" = 74 ]
report "stdout closed (>&-): exit 74" $? "exit $rc"
mkdir -p out-closed
timeout 60 bash -c 'exec "$@" 2>&-' x "$T" review plan.yaml --actuals actuals --out out-closed > /dev/null
rc=$?
[ "$rc" = 0 ] && [ -s out-closed/tandem-2026-11.xlsx ]
report "review with stderr closed: the set is written" $? "exit $rc"

# Formula size: capped with a clear error, never a stack overflow.
python3 -c "
s = open('plan.yaml').read()
assert 'formula: sqls / mqls' in s
open('p-terms.yaml', 'w').write(s.replace('formula: sqls / mqls', 'formula: ' + ' + '.join(['sqls'] * 100000), 1))
open('p-terms300.yaml', 'w').write(s.replace('formula: sqls / mqls', 'formula: ' + '+'.join(['a'] * 300), 1))
open('p-parens.yaml', 'w').write(s.replace('formula: sqls / mqls', 'formula: ' + '(' * 70 + 'sqls' + ')' * 70, 1))"
run "formula of 100,000 terms: an error, no crash" 1 "$LOC formula is longer than 10000" "$T" validate p-terms.yaml
run "formula of 300 terms: more than 200 terms" 1 "$LOC formula has more than 200 terms" "$T" validate p-terms300.yaml
run "formula nested 70 deep: an error" 1 "$LOC formula nests deeper" "$T" validate p-parens.yaml

# validate refuses what review refuses: a metric from both the records and the actuals, at its line.
mkdir -p both && cp "$B"/records/actuals/*.csv both/ && printf 'period,metric,value\n2026-08,mqls,500\n' > both/extra.csv
run "validate: metric from records and actuals, at the CSV line" 1 "extra\.csv:2: error: metric 'mqls' comes from both" \
    "$T" validate "$B/records/plan.yaml" --records "$B/records" --actuals both
run "review: metric from records and actuals, at the CSV line" 1 "extra\.csv:2: error: metric 'mqls' comes from both" \
    "$T" review "$B/records/plan.yaml" --records "$B/records" --actuals both --out out-both

# The default period is the last complete one; a partial one needs --period and says so.
if [ "$HOOKS" = 1 ]; then
    TANDEM_TODAY=2026-11-20 timeout 60 "$T" digest plan.yaml --actuals actuals > out.txt 2>&1
    rc=$?
    [ "$rc" = 0 ] && grep -q "review of Oct 2026" out.txt && grep -q "Nov 2026 is not over yet" out.txt
    report "default period: the last complete one" $? "exit $rc: $(grep -m1 warning out.txt | cut -c1-70)"
    TANDEM_TODAY=2026-11-20 timeout 60 "$T" digest plan.yaml --actuals actuals --period 2026-11 > out.txt 2>&1
    rc=$?
    [ "$rc" = 0 ] && grep -q "Partial period: Nov 2026" out.txt
    report "--period on a partial period: labelled partial" $? "exit $rc"
fi

# The digest's data-quality examples are whole (they carry the file, line and id).
"$T" digest "$B/records/plan.yaml" --records "$B/records" --actuals "$B/records/actuals" --markdown > dq.md 2> /dev/null
"$T" validate "$B/records/plan.yaml" --records "$B/records" > dq.txt 2>&1
example=$(grep -m1 '^warning: ' dq.txt | sed 's/^[^,]*, e\.g\. //; s/; .*//')
[ -n "$example" ] && grep -qF -- "$example" dq.md
report "digest: data-quality examples are not cut" $? "${example:0:60}"
echo "== records (issues 21 and 22)"
# The records example: its plan, a HubSpot contacts export and a Salesforce opportunities report
# (CRLF, with its footer). Each case is a variant of one of them.
R=$B/records
mkdir -p rec
sed 's/^      file: hubspot-\*.csv$/      file: "*contacts*.csv"/' "$R/plan.yaml" > rplan.yaml
cp "$R/hubspot-contacts.csv" "$R/salesforce-opportunities.csv" rec/
run "records: the example validates" 0 "11160 leads and 515 deals" "$T" validate rplan.yaml --records rec
mkfifo rec-fifo.csv
run "records: a FIFO is refused at once" 1 "rec-fifo\.csv: error: records file is not a regular file" \
    "$T" validate rplan.yaml --records rec-fifo.csv
run "records: /dev/zero is refused at once" 1 "/dev/zero: error: records file is not a regular file" \
    "$T" validate rplan.yaml --records /dev/zero
# One bad date on the report's line 6, with CRLF (as exported), CR-only and LF line ends.
python3 - "$R/salesforce-opportunities.csv" <<'EOF2'
import re, sys
lines = open(sys.argv[1], newline="").read().split("\r\n")
lines[5] = re.sub(r'","\d+/\d+/2026","', '","99/99/2026","', lines[5], count=1)
for name, end in (("crlf", "\r\n"), ("cr", "\r"), ("lf", "\n")):
    open(f"salesforce-{name}.csv", "w", newline="").write(end.join(lines))
EOF2
for e in crlf cr lf; do
    run "records: $e line ends count lines once" 1 "salesforce-$e\.csv:6:[0-9]+: error: 'Created Date': no such date" \
        "$T" validate rplan.yaml --records "salesforce-$e.csv"
done
# Transcoding errors at the byte's line and column.
python3 - <<'EOF2'
head = "Record ID,Create Date,Date entered \u201cMarketing Qualified Lead (Lifecycle Stage Pipeline)\u201d\r\n"
open("cp1252-contacts.csv", "wb").write(
    head.encode("cp1252")
    + b"1,2026-08-01T00:00:00Z,2026-08-02T00:00:00Z\r\n2,2026-08-01T00:00:00Z,2026-08-0\x81T00:00:00Z\r\n")
body = "Record ID,Create Date,Date entered \u201cMarketing Qualified Lead (Lifecycle Stage Pipeline)\u201d\r\n1,2026-08-01T00:00:00Z,\r\n22,"
data = b"\xff\xfe" + body.encode("utf-16-le") + b"\x00\xdc" + ",2026-08-02T00:00:00Z\r\n".encode("utf-16-le")
open("utf16-contacts.csv", "wb").write(data)
EOF2
sed 's/^      file: "\*contacts\*.csv"$/      file: "*contacts*.csv"\n      encoding: windows-1252/' rplan.yaml > rplan-1252.yaml
sed 's/^      file: "\*contacts\*.csv"$/      file: "*contacts*.csv"\n      encoding: utf-16/' rplan.yaml > rplan-16.yaml
run "records: Windows-1252 undefined byte at its line:col" 1 "cp1252-contacts\.csv:3:33: error: byte 0x81 is undefined" \
    "$T" validate rplan-1252.yaml --records cp1252-contacts.csv
run "records: UTF-16 lone surrogate at its line:col" 1 "utf16-contacts\.csv:3:4: error: invalid UTF-16" \
    "$T" validate rplan-16.yaml --records utf16-contacts.csv
# One stray quote near the top of a large file: a record cap, not the rest of the file in memory.
python3 - "$R/hubspot-contacts.csv" <<'EOF2'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
out = open("stray-contacts.csv", "w", encoding="utf-8")
out.write(lines[0] + "\n" + lines[1].replace(",Mid-market,", ',"Mid-market,', 1) + "\n")
for k in range(20):
    out.write("\n".join(l for l in lines[2:] if l) + "\n")
EOF2
run "records: a stray quote hits the 16 MB record cap" 1 "stray-contacts\.csv:2:[0-9]+: error: a record runs past 16 MB; is a quote left open" \
    "$T" validate rplan.yaml --records stray-contacts.csv
# Won deals without a close date or with an #N/A or empty amount: counted, never silent.
python3 - "$R/salesforce-opportunities.csv" <<'EOF2'
import sys
lines = open(sys.argv[1], newline="").read().split("\r\n")
won = [i for i, l in enumerate(lines) if '"Closed Won"' in l]
a, b, c = won[:3]
lines[a] = lines[a].split('","')
lines[a][4] = ""
lines[a] = '","'.join(lines[a])
for i, amount in ((b, "#N/A"), (c, "")):
    f = lines[i].split('","'); f[5] = amount; lines[i] = '","'.join(f)
open("salesforce-gaps.csv", "w", newline="").write("\r\n".join(lines))
EOF2
run "records: won deal without a close date is counted" 0 "1 × won, no close date \(not counted\)" \
    "$T" validate rplan.yaml --records salesforce-gaps.csv
run "records: won deals with #N/A or empty amount are counted" 0 "2 × won, no amount \(revenue missing\)" \
    "$T" validate rplan.yaml --records salesforce-gaps.csv
# A doubled quote is unescaped: the segment reads Mid "M" market in every output.
sed '2s/,Mid-market,/,"Mid ""M"" market",/' "$R/hubspot-contacts.csv" > rec-quoted-contacts.csv
mkdir -p out-quoted
"$T" review rplan.yaml --records rec-quoted-contacts.csv "$R/salesforce-opportunities.csv" --format csv --out out-quoted > out.txt 2>&1
rc=$?
# In the CSV the value is quoted once: "Mid ""M"" market", never "Mid """"M"""" market".
[ "$rc" = 0 ] && ! grep -q 'Mid """"M' out-quoted/*.csv && grep -q '"Mid ""M"" market"' out-quoted/*.csv
report "records: \"Mid \"\"M\"\" market\" unescaped" $? "exit $rc"
# A file whose name matches no 'file:' pattern says so (not "the header matches no source").
cp "$R/hubspot-contacts.csv" leads-export.csv
run "records: a name outside every file pattern is said" 1 "does not match the file pattern '\*contacts\*\.csv'" \
    "$T" validate rplan.yaml --records leads-export.csv
# The standard Salesforce report has no Opportunity ID: one deal per row; id: null says so too.
python3 - "$R/salesforce-opportunities.csv" <<'EOF2'
import sys
lines = open(sys.argv[1], newline="").read().split("\r\n")
out = []
for l in lines:
    f = l.split('","')
    out.append('"' + '","'.join(f[1:]) if l.startswith('"') and len(f) > 5 else l)
open("salesforce-noid.csv", "w", newline="").write("\r\n".join(out))
trunc = [l for k, l in enumerate(out) if k != 7]
open("salesforce-trunc.csv", "w", newline="").write("\r\n".join(trunc))
EOF2
# Without the October snapshot (whose deals are matched by id), deals need no id.
python3 - rplan.yaml <<'EOF2'
import sys
lines = open(sys.argv[1]).read().split("\n")
start = next(i for i, l in enumerate(lines) if "snapshot: 2026-10-31" in l) - 3
open("rplan-nosnap.yaml", "w").write("\n".join(lines[:start] + lines[start + 6:]))
EOF2
run "records: Salesforce report without Opportunity ID" 0 "0 leads and 515 deals" \
    "$T" validate rplan-nosnap.yaml --records salesforce-noid.csv
run "records: without ids, deals cannot be matched to a snapshot" 1 "salesforce-noid\.csv:1:1: error: missing column 'Opportunity ID' for field 'id'" \
    "$T" validate rplan.yaml --records salesforce-noid.csv
run "records: truncated report against its footer count" 1 "salesforce-trunc\.csv:[0-9]+:1: error: the report's footer says 515 records, but 514 rows were read" \
    "$T" validate rplan-nosnap.yaml --records salesforce-trunc.csv
sed 's/^      date_format: MM\/DD\/YYYY$/      date_format: MM\/DD\/YYYY\n      columns: {id: null}/' rplan-nosnap.yaml > rplan-null.yaml
run "records: id: null is no column named null" 0 "has no id column" "$T" validate rplan-null.yaml --records rec/salesforce-opportunities.csv
# A source without a zone, its times without offsets, a review elsewhere: a warning naming both.
sed 's/^      timezone: America\/New_York   # the exporting.*$//' rplan.yaml > rplan-nozone.yaml
run "records: an assumed zone is warned" 0 "no 'timezone:'.*America/New_York, not UTC" \
    "$T" validate rplan-nozone.yaml --records rec/salesforce-opportunities.csv

echo "== probe 3: tandem sql, deal snapshots and histories, reasons, mail"
# Each case is a variant of the records example (rplan.yaml and its exports, above).
SF=$R/salesforce-opportunities.csv
SNAP=$R/salesforce-opportunities-2026-10-31.csv
HS=$R/hubspot-contacts.csv
# sqlq NAME EXPECTED_EXIT PATTERN OPTION...: `tandem sql` of the example plan.
sqlq() {
    local name=$1 want=$2 pattern=$3
    shift 3
    run "sql: $name" "$want" "$pattern" "$T" sql "$R/plan.yaml" "$@"
}
# Table names are quoted part by part: no name runs as SQL, a malformed one is refused.
sqlq "a table name with a space is quoted" 0 '^  FROM "my table"$' --table 'leads=my table'
sqlq "a table name ending '; DROP …' is one name" 0 '^  FROM crm\."contacts; DROP TABLE x; --"$' \
    --table 'leads=crm.contacts; DROP TABLE x; --'
sqlq "a reserved word as a table is quoted" 0 '^  FROM "select"$' --table 'deals=select'
sqlq "a schema given quoted stays quoted" 0 '^  FROM "My ""Schema"""\.Contacts$' --table 'leads="My ""Schema""".Contacts'
sqlq "BigQuery: a backtick in a name is escaped" 0 '^  FROM `x\\`y`$' --dialect bigquery --table 'leads=x`y'
sqlq "an empty part of a table name is refused" 1 "error: --table leads=crm\.\.contacts: |error: records\.sources\[0\]: 'crm\.\.contacts' is no table name" \
    --table 'leads=crm..contacts'
sqlq "a quote left open in a table name is refused" 1 "'\"crm' is no table name" --table 'leads="crm'
sqlq "a column with quotes in --row-order is quoted" 0 'ORDER BY "li""ne; x"\)' --row-order 'leads=li"ne; x'
sqlq "a field name with a quote is refused" 1 "'na\"me' is no field \(expected one of id, created" --fields 'leads=id,created,na"me'
sqlq "--zone: an unknown zone" 1 "unknown time zone 'Mars/Olympus' for records\.sources\[0\]; expected a name of the tz database" \
    --zone leads=Mars/Olympus
sqlq "--zone: GMT+5 (engines flip its sign) is refused" 1 "'GMT\+5' of records\.sources\[0\] is an offset .* Etc/GMT-5" --zone leads=GMT+5
sqlq "--zone: PST (an abbreviation) is refused" 1 "'PST' .* is an abbreviation .* America/Los_Angeles" --zone leads=PST
sqlq "--zone: a source that is none" 1 "error: --zone nosuch=UTC: 'nosuch' names no records source" --zone nosuch=UTC
sqlq "--zone: no zone after =" 64 "--zone takes source=value" --zone leads=
sqlq "--dialect: mysql is a usage error" 64 "Please provide one of 'duckdb', 'postgres', 'bigquery' or 'snowflake'" --dialect mysql
sqlq "--period after the cycle" 1 "the period 2027-01 is not in the cycle 2026-07…2026-12" --period 2027-01
run "sql: --emit dbt beside --records is a usage error" 64 "--emit dbt writes the query; with --records" \
    "$T" sql "$R/plan.yaml" --records "$R" --emit dbt --out dbt-records
# The hostile names, end to end: DuckDB runs the query over tables created under those names.
if python3 -c 'import duckdb' 2> /dev/null; then
    "$T" sql "$R/plan.yaml" --zone leads=UTC --zone deals=UTC --period 2026-11 \
        --table 'leads=crm.contacts; DROP TABLE x; --' --table 'deals=o"p.se lect' > hostile.sql 2> out.txt
    python3 - hostile.sql > out.txt 2>&1 <<'EOF2'
import duckdb, sys
con = duckdb.connect()
con.execute('CREATE SCHEMA crm'); con.execute('CREATE SCHEMA "o""p"')
con.execute('CREATE TABLE crm."contacts; DROP TABLE x; --" (id VARCHAR, created TIMESTAMP, first_touch TIMESTAMP, owner_team VARCHAR, segment VARCHAR, mqls TIMESTAMP, sqls TIMESTAMP)')
con.execute("INSERT INTO crm.\"contacts; DROP TABLE x; --\" VALUES ('1', '2026-08-01 10:00', '2026-08-02 10:00', 'Sales', 'SMB', '2026-08-02 09:00', NULL)")
con.execute('CREATE TABLE "o""p"."se lect" (id VARCHAR, created TIMESTAMP, close TIMESTAMP, amount DOUBLE, outcome VARCHAR, owner_team VARCHAR, segment VARCHAR)')
con.execute("INSERT INTO \"o\"\"p\".\"se lect\" VALUES ('d', '2026-08-01 10:00', '2026-09-02 10:00', 1000, 'won', 'Sales', 'SMB')")
rows = con.execute(open(sys.argv[1]).read()).fetchall()
print("rows", len(rows), ("2026-09", "won", 1.0, "sales", "SMB") in rows)
EOF2
    grep -q "rows [0-9]* True" out.txt
    report "sql: DuckDB runs the query over hostile table names" $? "$(head -c 100 out.txt)"
fi
# --emit dbt: both files or neither; a failure is exit 74 naming the file.
mkdir -p dbt-ro && chmod 555 dbt-ro
sqlq "dbt: into a read-only folder" 74 "dbt-ro/tandem_actuals\.sql: error: cannot write: the folder is read-only" --emit dbt --out dbt-ro
mkdir -p dbt-half/tandem_actuals.yml
sqlq "dbt: a folder in the way of the .yml" 74 "dbt-half/tandem_actuals\.yml: error: cannot write: Is a directory" --emit dbt --out dbt-half
[ ! -e dbt-half/tandem_actuals.sql ]
report "dbt: no half set (no .sql without its .yml)" $? ""
printf 'x\n' > dbt-file
sqlq "dbt: --out is a file" 74 "dbt-file: error: cannot write: Not a directory" --emit dbt --out dbt-file
mkdir -p dbt-old && printf 'keep\n' > dbt-old/tandem_actuals.sql && printf 'keep\n' > dbt-old/tandem_actuals.yml
sqlq "dbt: earlier files are replaced" 0 "wrote dbt-old/tandem_actuals\.yml" --emit dbt --out dbt-old
sqlq "dbt: names are Jinja and YAML strings" 0 "wrote dbt-q/tandem_actuals\.sql" --emit dbt --out dbt-q \
    --table "leads=o'brien.\"con: #tacts\""
grep -qF "FROM {{ source('o\\'brien', 'con: #tacts') }}" dbt-q/tandem_actuals.sql \
    && grep -qF '  - name: "o'"'"'brien"' dbt-q/tandem_actuals.yml && grep -qF '      - name: "con: #tacts"' dbt-q/tandem_actuals.yml
report "dbt: source('o\\'brien', …) and quoted YAML names" $? ""

# Inputs given as symbolic links read their targets; a link to a device is still refused.
mkdir -p links
ln -sf "$R/plan.yaml" links/plan.yaml
ln -sf "$HS" links/hubspot-contacts.csv
ln -sf /dev/zero links/zero.csv
run "links: a linked plan and export are read" 0 "11160 leads and 515 deals" \
    "$T" validate links/plan.yaml --records links/hubspot-contacts.csv "$SF" "$SNAP"
run "links: a link to /dev/zero is refused" 1 "links/zero\.csv: error: records file is not a regular file" \
    "$T" validate "$R/plan.yaml" --records links/zero.csv
# Snapshots and histories in the plan: typos, bad days, both kinds at once.
snapplan() { # FILE FROM TO: the example plan with FROM replaced by TO
    python3 - "$R/plan.yaml" "$1" "$2" "$3" <<'EOF2'
import sys
src, out, a, b = sys.argv[1:5]
s = open(src, encoding="utf-8").read()
assert a in s, a
open(out, "w", encoding="utf-8").write(s.replace(a, b, 1))
EOF2
}
snapplan s-typo.yaml "snapshot: 2026-10-31" "snapshott: 2026-10-31"
run "snapshot: an unknown key is refused at its line" 1 "s-typo\.yaml:[0-9]+:7: error: unknown field 'snapshott' in a record source; did you mean 'snapshot'" \
    "$T" validate s-typo.yaml
snapplan s-day.yaml "snapshot: 2026-10-31" "snapshot: 2026-02-30"
run "snapshot: no such day" 1 "s-day\.yaml:[0-9]+:17: error: expected the day the export was taken as YYYY-MM-DD, found '2026-02-30'" \
    "$T" validate s-day.yaml
snapplan s-both.yaml "snapshot: 2026-10-31" "snapshot: 2026-10-31
      history: true"
run "snapshot: a snapshot and a history at once" 1 "s-both\.yaml:[0-9]+:[0-9]+: error: a source is a snapshot or a history, not both" \
    "$T" validate s-both.yaml
snapplan s-hist.yaml "    - kind: deals                  # the same" "    - kind: deals
      preset: salesforce
      file: \"*history*.csv\"
      history: true
      date_format: MM/DD/YYYY
    - kind: deals                  # the same"
run "history: beside snapshots is refused" 1 "s-hist\.yaml:[0-9]+:[0-9]+: error: a deal history gives every period's start" "$T" validate s-hist.yaml
# Snapshot files: empty, header only, the same deal twice on one date.
mkdir -p snap-empty snap-head snap-dup
: > snap-empty/salesforce-opportunities-2026-10-31.csv
head -1 "$SNAP" > snap-head/salesforce-opportunities-2026-10-31.csv
python3 - "$SNAP" snap-dup/salesforce-opportunities-2026-10-31.csv <<'EOF2'
import sys
lines = open(sys.argv[1], newline="").read().split("\r\n")
lines = [l.replace("(397 records)", "(398 records)") for l in lines]
lines.insert(3, lines[2].replace('"8/4/2026"', '"8/5/2026"'))
open(sys.argv[2], "w", newline="").write("\r\n".join(lines))
EOF2
run "snapshot: an empty file" 1 "snap-empty/salesforce-opportunities-2026-10-31\.csv: error: the records file is empty \(no header\)" \
    "$T" validate "$R/plan.yaml" --records "$HS" "$SF" snap-empty
run "snapshot: a header-only file reads as no deals" 0 "11160 leads and 515 deals" \
    "$T" validate "$R/plan.yaml" --records "$HS" "$SF" snap-head
run "snapshot: the same deal twice on one date is counted" 0 "duplicate ids \(later rows ignored\), e\.g\. salesforce-opportunities-2026-10-31\.csv:4: deal '006Bw0000002' appears again" \
    "$T" validate "$R/plan.yaml" --records "$HS" "$SF" snap-dup
# A history: an empty id, an odd date, a repeated column; a close date moving back is pulled in.
sed 's/^      snapshot: 2026-10-31$/      history: true/; s/^      file: salesforce-\*-2026-10-31\.csv$/      file: "*history*.csv"/' \
    "$R/plan.yaml" > hplan.yaml
HHEAD='"Opportunity ID","Created Date","Stage","Close Date","Amount","Won","Closed"'
mkdir -p hist
printf '%s\n"D1","7/1/2026","Qualification","9/30/2026","USD 10","0","0"\n"","7/2/2026","Qualification","9/30/2026","USD 10","0","0"\n' "$HHEAD" > hist/deal-history.csv
run "history: an empty id at its line" 1 "deal-history\.csv:3:2: error: 'Opportunity ID' is empty; every record needs an id" \
    "$T" validate hplan.yaml --records "$HS" "$SF" hist/deal-history.csv
printf '%s\n"D1","13/1/2026","Qualification","9/30/2026","USD 10","0","0"\n' "$HHEAD" > hist/deal-history.csv
run "history: a date that is no date" 1 "deal-history\.csv:2:7: error: 'Created Date': no such date, found '13/1/2026'" \
    "$T" validate hplan.yaml --records "$HS" "$SF" hist/deal-history.csv
printf '\357\273\277%s,"Amount"\r\n"D1","7/1/2026","Qualification","9/30/2026","USD 10","0","0","USD 20"\r\n' "$HHEAD" > hist/deal-history.csv
run "history: a repeated 'Amount' column (BOM, CRLF)" 1 "deal-history\.csv:1:1: error: column 'Amount' appears twice in the header \(columns 5 and 8\)" \
    "$T" validate hplan.yaml --records "$HS" "$SF" hist/deal-history.csv
python3 - "$SF" sf-twice.csv <<'EOF2'
import sys
lines = open(sys.argv[1], newline="").read().split("\r\n")
out = [l + (',"Amount"' if l.startswith('"Opportunity ID"') else ',"USD 1.00"' if l.startswith('"006') else "") for l in lines]
open(sys.argv[2], "w", newline="").write("\r\n".join(out))
EOF2
sed 's/^      file: salesforce-\*\.csv$/      file: "sf-twice.csv"/' "$R/plan.yaml" > twice.yaml
run "records: a repeated column of the current export" 1 "sf-twice\.csv:1:1: error: column 'Amount' appears twice in the header \(columns 6 and 13\)" \
    "$T" validate twice.yaml --records "$HS" sf-twice.csv "$SNAP"
printf '%s\n"D1","7/1/2026","Qualification","9/30/2026","USD 10,000.00","0","0"\n"D1","8/1/2026","Qualification","8/15/2026","USD 12,000.00","0","0"\n"D2","5/1/2025","Qualification","12/31/2026","USD 5,000.00","0","0"\n' "$HHEAD" > hist/deal-history.csv
mkdir -p out-hist
"$T" review hplan.yaml --records "$HS" "$SF" hist/deal-history.csv --period 2026-11 --out out-hist --format json > out.txt 2>&1
rc=$?
python3 - out-hist/tandem-2026-11.json > out.txt 2>&1 <<'EOF2'
import json, sys
p = {s["period"]: s for s in json.load(open(sys.argv[1]))["records"]["pipelineMovement"]["periods"]}
aug = p["2026-08"]
assert (aug["pulledIn"], aug["increased"], aug["end"]) == (10000, 2000, 12000), aug
for s in p.values():
    total = s["start"] + s["created"] + s["pulledIn"] + s["increased"] - s["decreased"] - s["pushedOut"] - s["lost"] - s["won"]
    assert abs(total - s["end"]) < 0.005, s
print("balanced")
EOF2
[ "$rc" = 0 ] && grep -q balanced out.txt
report "history: a close date moved back is pulled in; rows before the cycle" $? "exit $rc: $(head -c 80 out.txt)"
# Amounts: NaN and past the ceiling are errors at their cell.
for amount in NaN "USD 1e300"; do
    python3 - "$SF" sf-amount.csv "$amount" <<'EOF2'
import sys
lines = open(sys.argv[1], newline="").read().split("\r\n")
f = lines[2].split('","'); f[5] = sys.argv[3]; lines[2] = '","'.join(f)
open(sys.argv[2], "w", newline="").write("\r\n".join(lines))
EOF2
    sed 's/^      file: salesforce-\*\.csv$/      file: "sf-amount.csv"/' "$R/plan.yaml" > amount.yaml
    run "records: amount '$amount' at its cell" 1 "sf-amount\.csv:3:79: error: 'Amount': " "$T" validate amount.yaml --records "$HS" sf-amount.csv "$SNAP"
done
# Reasons and deal ids are data: long, unicode, formulas, control codes and escape sequences.
mkdir -p hostile
python3 - "$SF" "$SNAP" hostile <<'EOF2'
import sys
ids = {"006Bw0000368": '=HYPERLINK(""http://evil"")', "006Bw0000280": "x" * 40000, "006Bw0000072": "a\x01b|c*d_e<b>`f`",
       "006Bw0000365": "\u202eRTL \U0001F642", "006Bw0000010": "line\nbreak", "006Bw0000071": "\x1b[31mRED\x1b[0m"}
for src, name in ((sys.argv[1], "salesforce-opportunities.csv"), (sys.argv[2], "salesforce-opportunities-2026-10-31.csv")):
    s = open(src, newline="").read()
    for a, b in ids.items():
        s = s.replace('"' + a + '"', '"' + b + '"')
    lines = s.split("\r\n")
    lost = [i for i, l in enumerate(lines) if '"Closed Lost"' in l]
    for k, v in zip(lost, ["   ", "=1+2", "y" * 5000, "Prix trop \u00e9lev\u00e9 \u2014 \u4ef7\u683c", "a\x00b", "\x1b]0;title\x07"]):
        f = lines[k].split('","'); f[11] = v + '"'; lines[k] = '","'.join(f)
    # The first lost deal, without a reason, is quoted in a warning: its id is an escape sequence.
    f = lines[lost[0]].split('","'); f[0] = '"\x1b[32mGREEN\x1b[0m'; lines[lost[0]] = '","'.join(f)
    open(f"{sys.argv[3]}/{name}", "w", newline="").write("\r\n".join(lines))
EOF2
mkdir -p out-hostile
run "records: hostile deal ids and reasons, every format" 0 "wrote out-hostile/tandem-2026-11\.eml" \
    "$T" review "$R/plan.yaml" --records "$HS" hostile --period 2026-11 --out out-hostile \
    --format xlsx,txt,md,json,csv,html,eml --mail-from ops@example.com --mail-to team@example.com
python3 - out-hostile > out.txt 2>&1 <<'EOF2'
import sys, zipfile, xml.dom.minidom
d = sys.argv[1]
for ext in ("txt", "md", "html"):
    t = open(f"{d}/tandem-2026-11.{ext}", encoding="utf-8").read()
    bad = [c for c in t if (ord(c) < 32 and c != "\n") or c in "\u202e\x7f"]
    assert not bad, (ext, bad[:3])
assert "HYPERLINK" in open(f"{d}/tandem-2026-11.txt", encoding="utf-8").read()
z = zipfile.ZipFile(f"{d}/tandem-2026-11.xlsx")
for n in z.namelist():
    if n.endswith(".xml"):
        xml.dom.minidom.parseString(z.read(n))
print("clean")
EOF2
grep -q clean out.txt
report "records: no control code reaches a digest; the workbook parses" $? "$(head -c 100 out.txt)"
run "records: an escape sequence in a warning is spelled out" 0 "deal '\\\\u\{1B\}\[32mGREEN\\\\u\{1B\}\[0m' is lost without a reason" \
    "$T" validate "$R/plan.yaml" --records "$HS" hostile
! grep -q $'\033' out.txt
report "records: no raw escape on standard error" $? ""
# Eight slipped deals with 40,000-character ids and a 30,000-character segment: the mail's HTML
# stays under Gmail's clipping size (102 KB); the text digest keeps them whole.
mkdir -p huge-ids out-huge
python3 - "$SF" "$SNAP" huge-ids <<'EOF2'
import sys
ids = ["006Bw0000368", "006Bw0000280", "006Bw0000072", "006Bw0000365", "006Bw0000010", "006Bw0000156", "006Bw0000279", "006Bw0000071"]
for src, name in ((sys.argv[1], "salesforce-opportunities.csv"), (sys.argv[2], "salesforce-opportunities-2026-10-31.csv")):
    s = open(src, newline="").read()
    for k, a in enumerate(ids):
        s = s.replace('"' + a + '"', '"' + chr(97 + k) * 40000 + '"')
    open(f"{sys.argv[3]}/{name}", "w", newline="").write(s.replace('"Mid-market"', '"' + "S" * 30000 + '"'))
EOF2
run "mail: 40,000-character deal ids" 0 "wrote out-huge/tandem-2026-11\.html" "$T" review "$R/plan.yaml" --records "$HS" huge-ids \
    --period 2026-11 --out out-huge --format html,txt
[ "$(wc -c < out-huge/tandem-2026-11.html)" -lt 102400 ] && grep -qE '^ *a{78}$' out-huge/tandem-2026-11.txt
report "mail: the HTML under 102 KB, the text whole" $? "$(wc -c < out-huge/tandem-2026-11.html) bytes"
# Mail: a sender name too long for a header line is folded.
mkdir -p out-mail
"$T" review "$R/plan.yaml" --records "$R" --period 2026-11 --out out-mail --format eml \
    --mail-from "$(python3 -c 'print("A" * 2000)') <ops@example.com>" --mail-to team@example.com > out.txt 2>&1
rc=$?
[ "$rc" = 0 ] && ! LC_ALL=C grep -qE '^.{999,}' out-mail/tandem-2026-11.eml
report "mail: a 2,000-character sender name, no line past 998" $? "exit $rc"
# decide: a note too long is refused; a note with YAML's syntax stays a note.
mkdir -p dec3 && cp "$R/plan.yaml" dec3/plan.yaml && printf 'tandem: 1\ndecisions: []\n' > dec3/decisions.yaml
run "decide: a 100,000-character note" 64 "--note is 100000 characters long; a note has at most 4,000" \
    "$T" decide 2026-11 'transition:mqls>sqls' --accept --owner marketing --decisions dec3/decisions.yaml \
    --note "$(python3 -c 'print("x" * 100000)')"
run "decide: a note with YAML's syntax and a line break" 0 "appended to dec3/decisions\.yaml" \
    "$T" decide 2026-11 'transition:mqls>sqls' --accept --owner marketing --decisions dec3/decisions.yaml \
    --note $'line1\nline2: "quoted" # not a comment\r\n- item'
run "decide: the log still validates" 0 "1 decisions? in dec3/decisions\.yaml" \
    "$T" validate dec3/plan.yaml --records "$R" --decisions dec3/decisions.yaml
# A 100,000-character value quoted in a message is cut: the previous review's problem id, the
# decision log's, a snapshot day.
mkdir -p prev3
"$T" review "$R/plan.yaml" --records "$R" --period 2026-10 --out prev3 --format json > /dev/null 2>&1
python3 - prev3/tandem-2026-10.json <<'EOF2'
import json, sys
j = json.load(open(sys.argv[1]))
j["agenda"][0]["id"] = "x" * 100000
json.dump(j, open(sys.argv[1], "w"))
EOF2
run "previous: a 100,000-character problem id is cut in the message" 1 "tandem-2026-10\.json: error: not a Tandem review JSON: expected a problem id like .*found 'x{60}' at 'agenda\[0\]\.id'" \
    "$T" digest "$R/plan.yaml" --records "$R" --period 2026-11 --previous prev3/tandem-2026-10.json
[ "$(wc -c < out.txt)" -lt 2000 ]
report "previous: the message stays short" $? "$(wc -c < out.txt) bytes"
snapplan s-long.yaml "snapshot: 2026-10-31" "snapshot: \"$(python3 -c 'print("9" * 100000)')\""
run "snapshot: a 100,000-character day is cut in the message" 1 "found '9{60}'$" "$T" validate s-long.yaml
[ "$(wc -c < out.txt)" -lt 2000 ]
report "snapshot: the message stays short" $? "$(wc -c < out.txt) bytes"
# Large: a 500,000-row deal history is read in linear time (not in --fast).
if [ "$FAST" = 0 ]; then
    python3 - hist/deal-history.csv <<'EOF2'
import sys
with open(sys.argv[1], "w") as f:
    f.write('"Opportunity ID","Created Date","Stage","Close Date","Amount","Won","Closed"\n')
    for d in range(100000):
        for k in range(5):
            m = 7 + k
            f.write(f'"B{d}","{m}/{1 + d % 28}/2026","Qualification","{min(12, m + 1 + k % 2)}/{1 + d % 27}/2026","USD {1000 + d % 5000}.00","0","0"\n')
EOF2
    rm -rf out-big
    run "history: 500,000 rows within a minute" 0 "wrote out-big/tandem-2026-11\.json" \
        "$T" review hplan.yaml --records "$HS" "$SF" hist/deal-history.csv --period 2026-11 --out out-big --format json
fi

echo
echo "probe: $PASS passed, $FAILED failed"
for f in "${FAILS[@]}"; do echo "  failed: $f"; done
[ "$FAILED" = 0 ]
