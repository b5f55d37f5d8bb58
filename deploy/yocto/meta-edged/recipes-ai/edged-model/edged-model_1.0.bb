# nooelint: oelint.var.bbclassextend
# (Data for the target image only: no native or nativesdk variant.)
SUMMARY = "A model folder for edged"
DESCRIPTION = "One model folder built by edged model build (ONNX graph, weights, tokenizer and \
               a manifest.json with the sha256 of every file), installed where edged looks \
               by default. The build host packs the folder into a tarball; this recipe \
               checks every file against the manifest and installs it."
HOMEPAGE = "https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct"
BUGTRACKER = "https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/discussions"
SECTION = "misc"
# The default model, SmolLM2-135M-Instruct, is Apache-2.0. For another model set both in a
# bbappend or local.conf: EDGED_MODEL_LICENSE and EDGED_MODEL_LIC_FILES_CHKSUM.
EDGED_MODEL_LICENSE ?= "Apache-2.0"
# A model folder carries no license text of its own, so the default points at the common one.
EDGED_MODEL_LIC_FILES_CHKSUM ?= "file://${COMMON_LICENSE_DIR}/Apache-2.0;md5=89aea4e17d99a7cacdbeed46a0096b10"
LICENSE = "${EDGED_MODEL_LICENSE}"
# nooelint: oelint.var.licenseremotefile
LIC_FILES_CHKSUM = "${EDGED_MODEL_LIC_FILES_CHKSUM}"
CVE_PRODUCT = "edged-model"

# The tarball: a file:// path on the build host, or an https:// URL with its sha256, e.g.
#   EDGED_MODEL_URI = "file:///srv/models/qwen2.5-coder-1.5b-instruct-int4.tar.gz"
# made with: tar -C models -czf qwen2.5-coder-1.5b-instruct-int4.tar.gz qwen2.5-coder-1.5b-instruct-int4
EDGED_MODEL_URI ?= ""
EDGED_MODEL_SHA256 ?= ""
# The folder at the top of the tarball.
EDGED_MODEL_FOLDER ?= "${EDGED_MODEL_NAME}"
# The folder name under ${datadir}/edged/models. The default is the one edged loads when
# [model] path is empty; a `--target cuda` build can be installed under it as well.
EDGED_MODEL_NAME ?= "qwen2.5-coder-1.5b-instruct-int4"

SRC_URI = "${EDGED_MODEL_URI}"
SRC_URI[sha256sum] = "${EDGED_MODEL_SHA256}"

S = "${WORKDIR}/${EDGED_MODEL_FOLDER}"

inherit allarch

# Nothing to build, and nothing to install until EDGED_MODEL_URI is set.
EXCLUDE_FROM_WORLD = "1"

do_configure[noexec] = "1"
do_compile[noexec] = "1"

do_verify_model[doc] = "Check every file of the model folder against its manifest.json"
python do_verify_model() {
    import hashlib
    import json
    import os

    folder = d.getVar('S')
    manifest = os.path.join(folder, 'manifest.json')
    if not os.path.isfile(manifest):
        bb.fatal("%s has no manifest.json: set EDGED_MODEL_URI to a tarball of a folder built by "
                 "`edged model build`, and EDGED_MODEL_FOLDER to the folder's name in it" % folder)
    with open(manifest, encoding='utf-8') as fh:
        files = json.load(fh)['files']
    for name, info in sorted(files.items()):
        digest = hashlib.sha256()
        with open(os.path.join(folder, name), 'rb') as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b''):
                digest.update(chunk)
        if digest.hexdigest() != info['sha256']:
            bb.fatal("%s: sha256 %s, the manifest says %s" % (name, digest.hexdigest(), info['sha256']))
}
addtask verify_model after do_patch before do_install

do_install() {
    dest=${D}${datadir}/edged/models/${EDGED_MODEL_NAME}
    install -d $dest
    (cd ${S} && find . -type f) | while read -r f; do
        install -D -m 0644 "${S}/$f" "$dest/$f"
    done
}

FILES:${PN} += "${datadir}/edged/models/${EDGED_MODEL_NAME}"
