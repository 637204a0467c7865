#!/usr/bin/env python3
"""Writes a container image as one tar file that both `ctr images import` (OCI layout) and
`docker load` (its manifest.json) accept, from layer tarballs and directories. No daemon, no
registry: the test images are built offline from what the project's scripts put together.

    oci_image.py --out IMAGE.tar --name REF [--layer-tar FILE]... [--layer-dir DIR[=UID:GID]]...
                 [--user UID:GID] [--entrypoint JSON] [--cmd JSON] [--env K=V]... [--workdir DIR]
                 [--label K=V]...

Layers are stacked in the order given. A directory becomes a layer whose entries are sorted,
dated 1970-01-01 and owned by UID:GID (default 0:0), so the same input gives the same bytes
and the same image digest.
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
    parser.add_argument("--out", required=True)
    parser.add_argument("--name", required=True, help="image reference, e.g. migration-chart.local/flyway:13.12.0")
    parser.add_argument("--layer-tar", action="append", default=[], dest="layers", type=lambda v: ("tar", v))
    parser.add_argument("--layer-dir", action="append", default=[], dest="layers", type=lambda v: ("dir", v))
    parser.add_argument("--user", default="")
    parser.add_argument("--entrypoint", type=json.loads, default=None)
    parser.add_argument("--cmd", type=json.loads, default=None)
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("--workdir", default="")
    parser.add_argument("--label", action="append", default=[])
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(args.out))) as scratch:
        blobs = os.path.join(scratch, "blobs", "sha256")
        os.makedirs(blobs)

        def add_blob_file(path):
            digest = sha256_file(path)
            target = os.path.join(blobs, digest)
            if not os.path.exists(target):
                shutil.copyfile(path, target)
            return digest, os.path.getsize(target)

        def add_blob_bytes(data):
            digest = hashlib.sha256(data).hexdigest()
            with open(os.path.join(blobs, digest), "wb") as f:
                f.write(data)
            return digest, len(data)

        layers = []
        for i, (kind, value) in enumerate(args.layers):
            if kind == "tar":
                layers.append(add_blob_file(value))
            else:
                source, _, owner = value.partition("=")
                layer_tar = os.path.join(scratch, f"layer-{i}.tar")
                directory_layer(source, owner or "0:0", layer_tar)
                layers.append(add_blob_file(layer_tar))
                os.remove(layer_tar)

        # One entry per variable: a later --env replaces an earlier one (PATH included), as a
        # Dockerfile's ENV does; runtimes differ in which of two duplicates they pick.
        variables = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
        for entry in args.env:
            name, _, value = entry.partition("=")
            variables[name] = value
        env = [f"{name}={value}" for name, value in variables.items()]
        config = {"User": args.user, "Env": env, "WorkingDir": args.workdir,
                  "Labels": dict(label.split("=", 1) for label in args.label)}
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
        config_digest, config_size = add_blob_bytes(json.dumps(image_config, sort_keys=True).encode())
        manifest = {
            "schemaVersion": 2, "mediaType": MANIFEST,
            "config": {"mediaType": CONFIG, "digest": "sha256:" + config_digest, "size": config_size},
            "layers": [{"mediaType": LAYER, "digest": "sha256:" + d, "size": s} for d, s in layers],
        }
        manifest_digest, manifest_size = add_blob_bytes(json.dumps(manifest, sort_keys=True).encode())
        index = {"schemaVersion": 2, "mediaType": INDEX, "manifests": [{
            "mediaType": MANIFEST, "digest": "sha256:" + manifest_digest, "size": manifest_size,
            "annotations": {"io.containerd.image.name": args.name,
                            "org.opencontainers.image.ref.name": args.name.rsplit(":", 1)[-1]}}]}
        docker_manifest = [{"Config": "blobs/sha256/" + config_digest, "RepoTags": [args.name],
                            "Layers": ["blobs/sha256/" + d for d, _ in layers]}]

        partial = args.out + ".partial"
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as out:
            def add_bytes(name, data):
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = len(data), 0, 0o644
                out.addfile(info, io.BytesIO(data))
            add_bytes("oci-layout", json.dumps({"imageLayoutVersion": "1.0.0"}).encode())
            add_bytes("index.json", json.dumps(index, sort_keys=True).encode())
            add_bytes("manifest.json", json.dumps(docker_manifest, sort_keys=True).encode())
            for name in sorted(os.listdir(blobs)):
                info = out.gettarinfo(os.path.join(blobs, name), "blobs/sha256/" + name)
                info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
                with open(os.path.join(blobs, name), "rb") as f:
                    out.addfile(info, f)
        os.replace(partial, args.out)
    print(f"{args.name} sha256:{manifest_digest} {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
