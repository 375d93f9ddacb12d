"""`reseed train`'s data checks, labels (CSV and CelebA's list_attr_celeba.txt), presets and the
principal-component sliders."""
import os

import numpy as np
import pytest
import torch
from PIL import Image

from training.labels_csv import LabelsError, column_classes, encode, keyed, read_labels, slug
from training.own_folder import DataError, is_test, list_pictures, prepare, scan
from training.pca_directions import principal_components
from training.presets import preset
from training.tools.make_own_pictures import make


def picture(path, size=(20, 10), colour=(255, 0, 0)):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.new("RGB", size, colour).save(path)


def test_scan_is_recursive_and_lists_unreadable_files(tmp_path):
    picture(tmp_path / "a" / "b" / "one.png")
    picture(tmp_path / "two.jpg", (10, 30))
    (tmp_path / "text.png").write_text("not a picture")
    (tmp_path / "empty.jpg").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("ignored: no image extension")
    (tmp_path / ".hidden.png").write_text("ignored: hidden")
    assert list_pictures(str(tmp_path)) == ["a/b/one.png", "empty.jpg", "text.png", "two.jpg"]
    found = scan(str(tmp_path), 8)
    assert sorted(found["arrays"]) == ["a/b/one.png", "two.jpg"]
    assert [u[0] for u in found["unreadable"]] == ["empty.jpg", "text.png"]
    # The reason names the file relative to the folder, not its absolute path.
    assert all(str(tmp_path) not in reason for _, reason in found["unreadable"])


def test_mixed_sizes_are_centre_cropped(tmp_path):
    # A wide picture: red centre square between blue side bands; the crop keeps only the red.
    im = Image.new("RGB", (30, 10), (0, 0, 255))
    im.paste((255, 0, 0), (10, 0, 20, 10))
    im.save(tmp_path / "wide.png")
    a = scan(str(tmp_path), 8)["arrays"]["wide.png"]
    assert a.shape == (3, 8, 8)
    assert a[0].min() > 0.9 and a[2].max() < 0.1


def test_fewer_than_100_pictures_is_one_clear_error(tmp_path):
    for i in range(99):
        picture(tmp_path / f"p{i}.png")
    (tmp_path / "bad.png").write_text("x")
    with pytest.raises(DataError) as error:
        prepare(str(tmp_path), 8, str(tmp_path / "run" / "data"))
    message = str(error.value)
    assert "99 usable pictures (1 could not be read)" in message and "at least 100" in message
    assert "\n" not in message
    assert not (tmp_path / "run" / "data" / "train.npy").exists()


def test_empty_folder_and_text_files(tmp_path):
    with pytest.raises(DataError, match="0 usable pictures"):
        prepare(str(tmp_path), 8, str(tmp_path / "d"))
    for i in range(5):
        (tmp_path / f"t{i}.jpg").write_text("text")
    with pytest.raises(DataError, match=r"0 usable pictures \(5 could not be read\)"):
        prepare(str(tmp_path), 8, str(tmp_path / "d"))


def test_held_out_split_by_file_name_hash(tmp_path):
    make(str(tmp_path / "pics"), 120)
    summary = prepare(str(tmp_path / "pics"), 8, str(tmp_path / "data"))
    assert len(summary["train"]) + len(summary["test"]) == 120
    assert all(is_test(n) for n in summary["test"]) and not any(is_test(n) for n in summary["train"])
    assert 4 <= len(summary["test"]) <= 24  # about one in ten
    # The split of a picture depends on its own name only: stable when others come and go.
    os.remove(tmp_path / "pics" / summary["train"][0])
    again = prepare(str(tmp_path / "pics"), 8, str(tmp_path / "data2"))
    assert again["test"] == summary["test"]
    assert np.load(tmp_path / "data" / "train.npy").shape == (len(summary["train"]), 3, 8, 8)


def test_labels_csv(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("file,Smiling,Young,Age\na/x.png,1,-1,3\ny.png,0,1,1\nz.png,1,1,2\n")
    labels = read_labels(str(path))
    assert labels["columns"] == ["Smiling", "Young", "Age"]
    assert labels["files"][os.path.normpath("a/x.png")] == [1.0, -1.0, 3.0]
    assert column_classes(labels) == {"Smiling": [0.0, 1.0], "Young": [-1.0, 1.0], "Age": [1.0, 2.0, 3.0]}
    assert encode(labels, ["y.png", "z.png", "a/x.png"]) == {"Smiling": [0, 1, 1], "Young": [1, 1, 0], "Age": [0, 1, 2]}


def test_celeba_attribute_file_read_as_is(tmp_path):
    path = tmp_path / "list_attr_celeba.txt"
    path.write_text("3\n5_o_Clock_Shadow Arched_Eyebrows Smiling \n"
                    "000001.jpg -1  1  1\n000002.jpg -1 -1  1\n000003.jpg  1 -1 -1\n")
    labels = keyed(read_labels(str(path)))
    assert labels["columns"] == ["label_5_o_clock_shadow", "arched_eyebrows", "smiling"]
    assert labels["names"]["smiling"] == "Smiling"
    assert labels["files"]["000003.jpg"] == [1.0, -1.0, -1.0]
    assert encode(labels, ["000001.jpg", "000003.jpg"])["smiling"] == [1, 0]
    assert slug("5_o_Clock_Shadow") == "5-o-clock-shadow" and slug("WearingHat") == "wearing-hat"


@pytest.mark.parametrize("text, match", [
    ("file,Smiling\na.png,yes\n", r"line 2, column 'Smiling': 'yes' is not a number"),
    ("file,Smiling\na.png,1\nb.png,1\n", "a slider needs two"),
    ("file,Smiling\na.png,1,0\n", "2 values for 1 columns"),
    ("file\na.png\n", "no attribute columns"),
    ("", "empty labels file"),
])
def test_bad_labels_are_one_line_errors(tmp_path, text, match):
    path = tmp_path / "labels.csv"
    path.write_text(text)
    with pytest.raises(LabelsError, match=match) as error:
        column_classes(read_labels(str(path)))
    assert "\n" not in str(error.value)


def test_labels_naming_missing_files(tmp_path):
    labels_path = make(str(tmp_path / "pics"), 100)
    with open(labels_path, "a") as f:
        f.write("gone/missing.png,1,1,1\n")
    with pytest.raises(LabelsError, match=r"labels name 1 files not in .*: gone/missing.png"):
        prepare(str(tmp_path / "pics"), 8, str(tmp_path / "data"), keyed(read_labels(labels_path)))


def test_labelled_dataset_classes(tmp_path):
    from training.data import label_classes, load_labels

    labels_path = make(str(tmp_path / "pics"), 110)
    labels = keyed(read_labels(labels_path))
    summary = prepare(str(tmp_path / "pics"), 8, str(tmp_path / "data"), labels)
    data_cfg = {"kind": "own-folder", "prepared": str(tmp_path / "data"), "image_size": 8, "channels": 3}
    train = load_labels(data_cfg, "train")
    assert set(train) == {"dark", "big", "shade"} and len(train["big"]) == len(summary["train"])
    assert label_classes(data_cfg) == {"dark": ["0", "1"], "big": ["-1", "1"], "shade": ["1", "2", "3"]}


def test_presets_and_overrides():
    tiny = preset("tiny")
    assert tiny["size"] == 16 and tiny["denoiser"]["steps"] <= 500
    p = preset("small", size=64, channels=32, steps=2000)
    assert p["size"] == 64 and p["widths"] == [32, 64, 128] and p["denoiser"]["steps"] == 2000
    assert p["embedder"]["end_to_end"]["steps"] == 200  # scaled like the denoiser (2000 of 20000)
    with pytest.raises(ValueError, match="multiple of 4"):
        preset("tiny", size=18)


def test_principal_components_find_the_main_axes():
    g = torch.Generator().manual_seed(0)
    # Seeds with most of their spread along two known orthogonal directions.
    a, b = torch.zeros(2, 3, 4, 4)
    a[0, 0, 0], b[1, 2, 3] = 1.0, 1.0
    seeds = (torch.randn(500, 1, 1, 1, generator=g) * 5 * a + torch.randn(500, 1, 1, 1, generator=g) * 2 * b
             + 0.1 * torch.randn(500, 3, 4, 4, generator=g))
    components, ratio = principal_components(seeds, 3)
    assert components.shape == (3, 3, 4, 4)
    assert abs(float((components[0] * a).sum())) > 0.99 and abs(float((components[1] * b).sum())) > 0.99
    assert ratio[0] > ratio[1] > ratio[2] and ratio[0] > 0.7
    flat = components.reshape(3, -1)
    assert torch.allclose(flat @ flat.T, torch.eye(3), atol=1e-5)
