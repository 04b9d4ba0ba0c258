print("bench TBD")
