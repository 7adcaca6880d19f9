#!/usr/bin/env bash
# Rebuild the bundled YASGUI query editor (api/static/yasgui/) from the npm registry.
# The built files are committed, so installing vanban needs no npm; run this only to
# upgrade YASGUI. Idempotent. Needs npm and tar.
set -euo pipefail
VERSION="${1:-4.6.2}"
cd "$(dirname "$0")/.."
target=api/static/yasgui
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@zazuko/yasgui@$VERSION" >/dev/null && tar xzf zazuko-yasgui-*.tgz)
mkdir -p "$target"
# The UMD bundle carries its dependencies; source maps are left out (7 MB).
sed '/^\/\/# sourceMappingURL=/d' "$work/package/build/yasgui.min.js" > "$target/yasgui.min.js"
sed '/sourceMappingURL=/d' "$work/package/build/yasgui.min.css" > "$target/yasgui.min.css"
license=$(node -p "require('$work/package/package.json').license")
cat > "$target/LICENSE" <<NOTICE
@zazuko/yasgui $VERSION (https://github.com/rdfjs/Yasgui), license: $license.
Copyright (c) Triply and Zazuko GmbH.

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify, merge,
publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
DEALINGS IN THE SOFTWARE.

The bundle includes its npm dependencies under their own permissive licenses (MIT:
@zazuko/yasqe, @zazuko/yasr, codemirror, lodash-es, choices.js, sortablejs, jsuri,
autosuggest-highlight, blueimp-md5, @tarekraafat/autocomplete.js; MPL-2.0 or Apache-2.0:
dompurify).
NOTICE
echo "$VERSION" > "$target/VERSION"
ls -l "$target"
