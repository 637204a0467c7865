#!/usr/bin/env python3
"""Builds container images into one shared OCI image layout, and packs the layout into one tar
file that both `ctr images import` (the OCI layout) and `docker load` (its manifest.json) accept,
from layer tarballs and directories. No daemon, no registry: the test images are built offline
from what the project's scripts put together. Images share blobs, so the Debian base layer that
most of them have is stored, imported and loaded once.

    oci_image.py image --layout DIR --name REF [--layer-tar FILE]... [--layer-dir DIR[=UID:GID]]...
                       [--user UID:GID] [--entrypoint JSON] [--cmd JSON] [--env K=V]... [--workdir DIR]
                       [--label K=V]...
    oci_image.py pack --layout DIR --out FILE REF...

`image` stacks the layers in the order given, writes the blobs into DIR/blobs/sha256 and the
image's descriptor into DIR/refs/, and prints "REF sha256:<manifest digest>". A directory becomes
a layer whose entries are sorted, dated 1970-01-01 and owned by UID:GID (default 0:0), so the
same input gives the same bytes and the same image digest. `pack` writes the images REF... (and
only the blobs they use; the others are deleted from the layout) into FILE.
"""
import argparse
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile

LAYER = "application/vnd.oci.image.layer.v1.tar"
CONFIG = "application/vnd.oci.image.config.v1+json"
MANIFEST = "application/vnd.oci.image.manifest.v1+json"
INDEX = "application/vnd.oci.image.index.v1+json"


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def directory_layer(source, owner, target):
    uid, gid = (int(part) for part in owner.split(":"))
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        for root, dirs, files in os.walk(source):
            dirs.sort()
            for name in sorted(dirs) + sorted(files):
                path = os.path.join(root, name)
                info = tar.gettarinfo(path, os.path.relpath(path, source))
                info.uid, info.gid, info.uname, info.gname, info.mtime = uid, gid, "", "", 0
                if info.isfile():
                    with open(path, "rb") as f:
                        tar.addfile(info, f)
                else:
                    tar.addfile(info)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    image = commands.add_parser("image", help="build one image into the layout")
    image.add_argument("--layout", required=True)
    image.add_argument("--name", required=True, help="image reference, e.g. migration-chart.local/flyway:13.12.0")
    image.add_argument("--layer-tar", action="append", default=[], dest="layers", type=lambda v: ("tar", v))
    image.add_argument("--layer-dir", action="append", default=[], dest="layers", type=lambda v: ("dir", v))
    image.add_argument("--user", default="")
    image.add_argument("--entrypoint", type=json.loads, default=None)
    image.add_argument("--cmd", type=json.loads, default=None)
    image.add_argument("--env", action="append", default=[])
    image.add_argument("--workdir", default="")
    image.add_argument("--label", action="append", default=[])
    pack = commands.add_parser("pack", help="write images of the layout into one archive")
    pack.add_argument("--layout", required=True)
    pack.add_argument("--out", required=True)
    pack.add_argument("names", nargs="+")
    return parser.parse_args(argv)


def ref_file(layout, name):
    return os.path.join(layout, "refs", name.replace("/", "_").replace(":", "_") + ".json")


class Layout:
    """The shared OCI layout: content-addressed blobs, written once each."""

    def __init__(self, directory):
        self.blobs = os.path.join(directory, "blobs", "sha256")
        os.makedirs(self.blobs, exist_ok=True)

    def add_file(self, path):
        digest = cached_sha256(path)
        target = os.path.join(self.blobs, digest)
        if not os.path.exists(target):
            shutil.copyfile(path, target + ".partial")
            os.replace(target + ".partial", target)
        return digest, os.path.getsize(target)

    def add_bytes(self, data):
        digest = hashlib.sha256(data).hexdigest()
        target = os.path.join(self.blobs, digest)
        if not os.path.exists(target):
            with open(target + ".partial", "wb") as f:
                f.write(data)
            os.replace(target + ".partial", target)
        return digest, len(data)


def cached_sha256(path):
    """The digest of a large layer tarball, remembered next to it while the file is unchanged."""
    memo = path + ".sha256"
    stamp = f"{os.path.getsize(path)} {os.stat(path).st_mtime_ns}"
    if os.path.exists(memo):
        with open(memo) as f:
            saved_stamp, _, saved_digest = f.read().strip().partition(" sha256:")
        if saved_stamp == stamp:
            return saved_digest
    digest = sha256_file(path)
    if os.access(os.path.dirname(os.path.abspath(path)), os.W_OK):
        with open(memo, "w") as f:
            f.write(f"{stamp} sha256:{digest}\n")
    return digest


def build_image(args):
    layout = Layout(args.layout)
    with tempfile.TemporaryDirectory(dir=args.layout) as scratch:
        layers = []
        for i, (kind, value) in enumerate(args.layers):
            if kind == "tar":
                layers.append(layout.add_file(value))
            else:
                source, _, owner = value.partition("=")
                layer_tar = os.path.join(scratch, f"layer-{i}.tar")
                directory_layer(source, owner or "0:0", layer_tar)
                layers.append(layout.add_file(layer_tar))

    # One entry per variable: a later --env replaces an earlier one (PATH included), as a
    # Dockerfile's ENV does; runtimes differ in which of two duplicates they pick.
    variables = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
    for entry in args.env:
        name, _, value = entry.partition("=")
        variables[name] = value
    config = {"User": args.user, "Env": [f"{name}={value}" for name, value in variables.items()],
              "WorkingDir": args.workdir, "Labels": dict(label.split("=", 1) for label in args.label)}
    if args.entrypoint is not None:
        config["Entrypoint"] = args.entrypoint
    if args.cmd is not None:
        config["Cmd"] = args.cmd
    image_config = {
        "architecture": "amd64", "os": "linux", "created": "1970-01-01T00:00:00Z", "config": config,
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + digest for digest, _ in layers]},
        "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "it-tests/images/oci_image.py"}
                    for _ in layers],
    }
    config_digest, config_size = layout.add_bytes(json.dumps(image_config, sort_keys=True).encode())
    manifest = {
        "schemaVersion": 2, "mediaType": MANIFEST,
        "config": {"mediaType": CONFIG, "digest": "sha256:" + config_digest, "size": config_size},
        "layers": [{"mediaType": LAYER, "digest": "sha256:" + d, "size": s} for d, s in layers],
    }
    manifest_digest, manifest_size = layout.add_bytes(json.dumps(manifest, sort_keys=True).encode())
    descriptor = {"name": args.name, "manifest": manifest_digest, "manifestSize": manifest_size,
                  "config": config_digest, "layers": [d for d, _ in layers]}
    os.makedirs(os.path.join(args.layout, "refs"), exist_ok=True)
    with open(ref_file(args.layout, args.name) + ".partial", "w") as f:
        json.dump(descriptor, f, sort_keys=True)
    os.replace(ref_file(args.layout, args.name) + ".partial", ref_file(args.layout, args.name))
    print(f"{args.name} sha256:{manifest_digest}")


def pack(args):
    images = []
    for name in sorted(set(args.names)):
        with open(ref_file(args.layout, name)) as f:
            images.append(json.load(f))
    used = set()
    for image in images:
        used.update([image["manifest"], image["config"], *image["layers"]])
    blobs = os.path.join(args.layout, "blobs", "sha256")
    for name in os.listdir(blobs):
        if name not in used:
            os.remove(os.path.join(blobs, name))
    index = {"schemaVersion": 2, "mediaType": INDEX, "manifests": [{
        "mediaType": MANIFEST, "digest": "sha256:" + image["manifest"], "size": image["manifestSize"],
        "annotations": {"io.containerd.image.name": image["name"],
                        "org.opencontainers.image.ref.name": image["name"].rsplit(":", 1)[-1]}} for image in images]}
    docker_manifest = [{"Config": "blobs/sha256/" + image["config"], "RepoTags": [image["name"]],
                        "Layers": ["blobs/sha256/" + d for d in image["layers"]]} for image in images]
    partial = args.out + ".partial"
    with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as out:
        def add_bytes(name, data):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            out.addfile(info, io.BytesIO(data))
        add_bytes("oci-layout", json.dumps({"imageLayoutVersion": "1.0.0"}).encode())
        add_bytes("index.json", json.dumps(index, sort_keys=True).encode())
        add_bytes("manifest.json", json.dumps(docker_manifest, sort_keys=True).encode())
        for name in sorted(used):
            info = out.gettarinfo(os.path.join(blobs, name), "blobs/sha256/" + name)
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            with open(os.path.join(blobs, name), "rb") as f:
                out.addfile(info, f)
    os.replace(partial, args.out)


def main(argv):
    args = parse_args(argv)
    if args.command == "image":
        build_image(args)
    else:
        pack(args)


if __name__ == "__main__":
    main(sys.argv[1:])
