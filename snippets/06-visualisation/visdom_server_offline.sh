python -c "from visdom.server.run_server import main; main()" -port 8097 -bind_local
