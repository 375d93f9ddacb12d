"""`python3 -m training.launch …` = `python3 -m torch.distributed.run …` (torchrun), with one fix.

Debian's torch 1.13 on Python 3.11: torchrun's Std.from_str("0") (the default --redirects and
--tee) returns None, since Python 3.11 no longer iterates a flag enum's zero member, and the
launcher fails at once ("'NoneType' object has no attribute 'get'"). Where that happens the
parser is replaced by one that maps each number to its member; elsewhere torchrun runs untouched.
"""
import re
import sys


def _patch_std() -> None:
    from torch.distributed.elastic.multiprocessing import api

    if api.Std.from_str("0") is not None:
        return

    def from_str(cls, vm: str):
        if re.fullmatch(r"\d", vm):
            return cls(int(vm))
        return {int(k): cls(int(v)) for k, v in (pair.split(":") for pair in vm.split(","))}

    api.Std.from_str = classmethod(from_str)


def main() -> None:
    _patch_std()
    from torch.distributed.run import main as run

    run(sys.argv[1:])


if __name__ == "__main__":
    main()
