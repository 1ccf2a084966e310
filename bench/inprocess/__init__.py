"""Parts of `make bench` that run inside Django (`manage.py shell`) and print JSON."""
