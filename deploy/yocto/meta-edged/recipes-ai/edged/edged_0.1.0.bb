# nooelint: oelint.var.bbclassextend
# (A daemon for the target, with a system user, a unit and GPU runtime dependencies: a native or
# nativesdk variant would make no sense, hence no BBCLASSEXTEND.)
SUMMARY = "On-device LLM inference daemon with a cloud fallback"
SUMMARY:${PN}-tools = "edged model build and edged bench: build-host and development commands"
DESCRIPTION = "edged keeps a quantized ONNX language model on the device (ONNX Runtime \
               with the TensorRT, CUDA and CPU execution providers), serves local apps over \
               ZeroMQ, watches memory, thermal, power and GPU headroom, and routes each \
               request to the local model or to an OpenAI-compatible cloud endpoint. It runs \
               as a sandboxed systemd service."
HOMEPAGE = "https://github.com/edged/edged"
BUGTRACKER = "https://github.com/edged/edged/issues"
SECTION = "devel/python"
LICENSE = "Apache-2.0"
LIC_FILES_CHKSUM = "file://LICENSE;md5=3b83ef96387f14655fc854ddc3c6bd57"
CVE_PRODUCT = "edged"

# By default the repository this layer sits in (deploy/yocto/meta-edged/recipes-ai/edged is
# five levels below its top). Point EDGED_GIT_URI at a published repository otherwise.
EDGED_REPO_DIR ?= "${@os.path.abspath(os.path.join(d.getVar('FILE_DIRNAME'), '..', '..', '..', '..', '..'))}"
EDGED_GIT_URI ?= "git://${EDGED_REPO_DIR};protocol=file"
EDGED_GIT_BRANCH ?= "main"
PV .= "+git"
SRC_URI = "${EDGED_GIT_URI};branch=${EDGED_GIT_BRANCH} \
           file://0001-pyproject-license-as-a-table-for-setuptools-69.patch \
           "
# No SRCREV here on purpose: the commit to build is the integrator's choice, and bitbake stops
# with "Please set a valid SRCREV" until it is set, e.g. in local.conf:
#   SRCREV:pn-edged = "<commit>"
# (SRCREV:pn-edged = "${AUTOREV}" follows the branch, at the price of reproducibility.)

S = "${WORKDIR}/git"

inherit python_setuptools_build_meta systemd useradd

USERADD_PACKAGES = "${PN}"
GROUPADD_PARAM:${PN} = "--system edged"
USERADD_PARAM:${PN} = "--system --gid edged --no-create-home --home-dir ${localstatedir}/lib/edged \
                       --shell ${base_sbindir}/nologin --comment 'edged daemon' edged"

SYSTEMD_SERVICE:${PN} = "edged.service"
SYSTEMD_AUTO_ENABLE:${PN} = "enable"

do_install:append() {
    install -d ${D}${systemd_system_unitdir}
    sed -e 's,/usr/bin/edged,${bindir}/edged,' \
        -e 's,/bin/kill,${base_bindir}/kill,' \
        ${S}/deploy/systemd/edged.service > ${D}${systemd_system_unitdir}/edged.service
    chmod 0644 ${D}${systemd_system_unitdir}/edged.service

    install -d ${D}${sysconfdir}/edged
    install -m 0644 ${S}/deploy/edged.toml ${D}${sysconfdir}/edged/edged.toml
}

CONFFILES:${PN} = "${sysconfdir}/edged/edged.toml"

# `edged model build` and `edged bench` are build-host and development commands. Their modules go
# in ${PN}-tools, so an image that installs edged gets the daemon only; without them both commands
# exit with a message naming that package. ${PN}-tools comes first in PACKAGES, so it claims these
# files before ${PN} takes the rest of site-packages. tests/deploy checks the split.
PACKAGES =+ "${PN}-tools"
FILES:${PN}-tools += "\
    ${PYTHON_SITEPACKAGES_DIR}/edged/bench \
    ${PYTHON_SITEPACKAGES_DIR}/edged/model/build.py \
    ${PYTHON_SITEPACKAGES_DIR}/edged/model/fetch.py \
    ${PYTHON_SITEPACKAGES_DIR}/edged/model/graph.py \
    ${PYTHON_SITEPACKAGES_DIR}/edged/model/__pycache__/build.*.pyc \
    ${PYTHON_SITEPACKAGES_DIR}/edged/model/__pycache__/fetch.*.pyc \
    ${PYTHON_SITEPACKAGES_DIR}/edged/model/__pycache__/graph.*.pyc \
"

# The ONNX Runtime Python package. On Jetson: python3-onnxruntime, the recipe backported from
# meta-tegra-community (see README.md). Set it empty when the image gets onnxruntime otherwise.
EDGED_ONNXRUNTIME ?= "python3-onnxruntime"

# What the daemon and the other commands import at run time: the split standard library (oe-core
# python3-manifest.json) and the third-party modules, plus kill for ExecReload=. tests/deploy
# checks this list against the imports in edged/, less the tools'.
RDEPENDS:${PN} += "\
    ${EDGED_ONNXRUNTIME} \
    ${VIRTUAL-RUNTIME_base-utils} \
    python3-asyncio \
    python3-compression \
    python3-core \
    python3-crypt \
    python3-ctypes \
    python3-datetime \
    python3-difflib \
    python3-email \
    python3-fcntl \
    python3-httpx \
    python3-io \
    python3-jinja2 \
    python3-json \
    python3-logging \
    python3-math \
    python3-mmap \
    python3-netclient \
    python3-numbers \
    python3-numpy \
    python3-psutil \
    python3-pyzmq \
    python3-sqlite3 \
    python3-tokenizers \
    python3-tomllib \
"

# What the tools import beyond ${PN}. `edged model build` also needs torch, transformers, onnx and
# onnxruntime-genai (the `build` extra), which this layer does not package: build models on a
# build host. The peers `edged bench` measures edged against live in a virtualenv of their own
# (`python3 -m edged.bench.env`) and are reported as missing when absent.
RDEPENDS:${PN}-tools += "\
    ${PN} \
    python3-multiprocessing \
    python3-resource \
    python3-shell \
    python3-threading \
    python3-unittest \
"

# Structured journald fields when present; edged logs to stdout otherwise.
RRECOMMENDS:${PN} += "${@bb.utils.contains('DISTRO_FEATURES', 'systemd', 'python3-systemd', '', d)}"
