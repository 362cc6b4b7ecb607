"""Dampingan: the poverty-reduction programme system of a kabupaten/kota."""
