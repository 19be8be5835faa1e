#!/usr/bin/env bats
# Issue 9, point 5: the scripts the seed's users write: Python's
# cgi.FieldStorage (Debian's /usr/bin/python3, 3.11, which still has the
# module) and Perl's CGI.pm with upload(), each taking a multipart upload.
# Modes: both answer 200, so they are run in both modes; the body is read
# from the connection itself (exec in place) or from our relay's stdin.
load helpers

setup() {
	[ -e /usr/share/perl5/CGI.pm ] || "$REPO_DIR/tests/deps.sh" libcgi-pm-perl
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	cat > "$ROOT/cgi-bin/upload.py" <<'PY'
#!/usr/bin/python3
import cgi, hashlib, sys, warnings
warnings.simplefilter("ignore", DeprecationWarning)
form = cgi.FieldStorage()
item = form["doc"]
data = item.file.read()
sys.stdout.write("Content-Type: text/plain\r\n\r\n")
print("py", item.filename, len(data), hashlib.md5(data).hexdigest(), hashlib.sha256(data).hexdigest())
print("note=" + form.getfirst("note", ""))
PY
	cat > "$ROOT/cgi-bin/upload.pl" <<'PL'
#!/usr/bin/perl
use strict;
use warnings;
use CGI;
use Digest::MD5;
use Digest::SHA;
my $q = CGI->new;
my $fh = $q->upload('doc') or die "no upload: " . ($q->cgi_error // 'none');
binmode $fh;
my $data = do { local $/; <$fh> };
print $q->header(-type => 'text/plain');
printf "pl %s %d %s %s\n", scalar $q->param('doc'), length $data,
	Digest::MD5::md5_hex($data), Digest::SHA::sha256_hex($data);
print "note=", scalar $q->param('note'), "\n";
PL
	chmod 755 "$ROOT/cgi-bin/upload.py" "$ROOT/cgi-bin/upload.pl"
	FILE=$BATS_TEST_TMPDIR/upload.bin
	head -c 1048576 /dev/urandom > "$FILE"
	SUMS="upload.bin 1048576 $(md5sum < "$FILE" | cut -d' ' -f1) $(sha256sum < "$FILE" | cut -d' ' -f1)"
}
teardown() { deactivate; }

curl() { command curl --max-time 30 -sS "$@"; }

# upload SCRIPT LANG: posts the file plain and chunked, checks the sums
upload() {
	local script=$1 lang=$2 te
	for te in "" "Transfer-Encoding: chunked"; do
		run curl ${te:+-H "$te"} -F "doc=@$FILE" -F "note=from $lang" "http://127.0.0.1:$PORT/cgi-bin/$script"
		[ "$output" = "$lang $SUMS"$'\n'"note=from $lang" ] || {
			echo "$script ${te:-plain}: $output"
			return 1
		}
	done
}

@test "apps scripts: Python cgi.FieldStorage takes a 1 MiB upload whole (md5, sha256), both modes" {
	for mode in "" --relay; do
		activate -- --root "$ROOT" $mode
		upload upload.py py
		deactivate
	done
}

@test "apps scripts: Perl CGI.pm upload() takes a 1 MiB upload whole (md5, sha256), both modes" {
	for mode in "" --relay; do
		activate -- --root "$ROOT" $mode
		upload upload.pl pl
		deactivate
	done
}
